using Microsoft.Extensions.Hosting;

namespace ApiKeys.Infrastructure.Redis;

/// <summary>Starts connecting to Redis with the service (not at the first request), and waits at most the connect timeout for it.</summary>
public sealed class RedisConnector(RedisConnection connection) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await connection.WhenCreated.WaitAsync(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Still connecting (a long connectTimeout in the setting): requests count on this node meanwhile.
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
