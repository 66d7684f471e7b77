using ApiKeys.Infrastructure.Background;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ApiKeys.Infrastructure.HotPath;

/// <summary>
/// Adds the counts <see cref="UsageCounter"/> collected to the database, one batch every few seconds and a last one
/// at a graceful stop: usage costs no write per request, and a restart loses nothing counted.
/// </summary>
public sealed partial class UsageFlusher(
    UsageCounter counter,
    IServiceScopeFactory scopes,
    IOptions<HotPathOptions> options,
    TimeProvider time,
    ILogger<UsageFlusher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.UsageFlushSeconds), time);
        while (await timer.NextTickAsync(stoppingToken))
        {
            await FlushAsync(stoppingToken);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAsync(cancellationToken);
    }

    /// <summary>Writes what was counted so far; on failure the batch is kept for the next flush, never lost.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var batch = counter.Drain();
        if (batch.Count == 0)
        {
            return;
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<UsageWriter>().WriteAsync(batch, cancellationToken);
            counter.Written();
        }
        catch (Exception exception)
        {
            // The transaction rolled back: none of the batch was written, so putting it back counts nothing twice.
            counter.Restore(batch);
            if (exception is not OperationCanceledException)
            {
                LogFlushFailed(logger, batch.Count, exception.GetType().Name);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write {Count} usage counts ({ExceptionType}); will retry")]
    private static partial void LogFlushFailed(ILogger logger, int count, string exceptionType);
}
