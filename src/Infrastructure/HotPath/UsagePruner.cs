using ApiKeys.Infrastructure.Background;
using ApiKeys.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ApiKeys.Infrastructure.HotPath;

/// <summary>
/// Keeps usage counts for <see cref="RetentionDays"/> days (docs/api.md §9): once an hour, on every node, deletes the
/// hours older than that. Deleting is idempotent, so nodes pruning at the same time do no harm.
/// </summary>
public sealed partial class UsagePruner(IServiceScopeFactory scopes, TimeProvider time, ILogger<UsagePruner> logger) : BackgroundService
{
    public const int RetentionDays = 90;

    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                await PruneAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogPruneFailed(logger, exception.GetType().Name);
            }
        }
        while (await timer.NextTickAsync(stoppingToken));
    }

    /// <summary>Deletes the hours that started more than <see cref="RetentionDays"/> days ago; returns how many.</summary>
    public async Task<int> PruneAsync(CancellationToken cancellationToken)
    {
        var cutoff = UsageCounter.HourOf(time.GetUtcNow()).AddDays(-RetentionDays);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.UsageHours.Where(u => u.HourStart < cutoff).ExecuteDeleteAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pruning usage counts failed ({ExceptionType}); will retry")]
    private static partial void LogPruneFailed(ILogger logger, string exceptionType);
}
