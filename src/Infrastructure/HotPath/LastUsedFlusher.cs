using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ApiKeys.Infrastructure.HotPath;

/// <summary>
/// Writes the uses <see cref="UsageRecorder"/> collected, one batch every few seconds and a last one at a
/// graceful stop, so <c>last_used_at</c> is at most a few seconds stale and survives a restart.
/// </summary>
public sealed partial class LastUsedFlusher(
    UsageRecorder usage,
    IServiceScopeFactory scopes,
    IOptions<HotPathOptions> options,
    TimeProvider time,
    ILogger<LastUsedFlusher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.LastUsedFlushSeconds), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the final flush happens in StopAsync.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAsync(cancellationToken);
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var batch = usage.Drain();
        if (batch.Count == 0)
        {
            return;
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<KeyUsageWriter>().WriteAsync(batch, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The database may be down: keep the batch for the next tick rather than lose it.
            usage.Restore(batch);
            LogFlushFailed(logger, batch.Count, exception.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record last use of {Count} keys ({ExceptionType}); will retry")]
    private static partial void LogFlushFailed(ILogger logger, int count, string exceptionType);
}
