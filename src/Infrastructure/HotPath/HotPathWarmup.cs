using System.Diagnostics;
using ApiKeys.Application.Abstractions;
using ApiKeys.Application.KeyChecking;
using ApiKeys.Domain.ApiKeys;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ApiKeys.Infrastructure.HotPath;

/// <summary>
/// Before the server listens: one Argon2id hash (the decoy, which loads libsodium and gives the pool a measured
/// cost to admit by) and one read by prefix (which compiles the query). After a restart the first requests of
/// every key then pay what they must (one read, one hash) and not the start-up of the path itself, and the pool
/// does not mistake that start-up for its normal speed.
/// </summary>
public sealed partial class HotPathWarmup(IServiceScopeFactory scopes, DecoyHash decoy, VerificationPool pool, ILogger<HotPathWarmup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        _ = decoy.Value;
        pool.Seed(Stopwatch.GetElapsedTime(started));
        // Bounded: a database that does not answer must not hold the start back.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IApiKeyRepository>().FindByPrefixAsync(ApiKeyToken.Scheme + "000000", timeout.Token);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The database may be down at start; the service starts anyway and answers 503 until it is back.
            LogWarmupFailed(logger, exception.GetType().Name);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Hot path warm-up could not read the database ({Exception}); continuing.")]
    private static partial void LogWarmupFailed(ILogger logger, string exception);
}
