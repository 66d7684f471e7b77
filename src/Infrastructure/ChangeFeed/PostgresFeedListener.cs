using ApiKeys.Infrastructure.Persistence;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ApiKeys.Infrastructure.ChangeFeed;

/// <summary>
/// Listens on PostgreSQL's <see cref="Channel"/>, which a trigger on <c>key_changes</c> notifies at every commit
/// that wrote feed rows (migration <c>KeyChangeNotify</c>), and wakes the poller: a revocation on one node reaches
/// the others in milliseconds rather than at the next tick. One connection per node, held open; when it drops, the
/// poller's interval still holds and the listener reconnects.
/// </summary>
public sealed partial class PostgresFeedListener(
    FeedNotifications notifications,
    IOptions<DatabaseOptions> database,
    TimeProvider time,
    ILogger<PostgresFeedListener> logger) : BackgroundService
{
    public const string Channel = "apikeys_key_changes";

    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogListenFailed(logger, exception.GetType().Name);
                await Task.Delay(Retry, time, stoppingToken);
            }
        }
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        await using var connection = new NpgsqlConnection(database.Value.ConnectionString);
        connection.Notification += (_, _) => notifications.Pulse();
        await connection.OpenAsync(stoppingToken);
        await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
        {
            await listen.ExecuteNonQueryAsync(stoppingToken);
        }

        // Whatever committed while nobody listened is read now.
        notifications.Pulse();
        while (true)
        {
            await connection.WaitAsync(stoppingToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listening for change-feed notifications failed ({ExceptionType}); the poller's interval holds, retrying")]
    private static partial void LogListenFailed(ILogger logger, string exceptionType);
}
