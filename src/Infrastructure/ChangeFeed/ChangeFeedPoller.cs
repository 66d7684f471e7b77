using ApiKeys.Infrastructure.Background;
using ApiKeys.Infrastructure.HotPath;
using ApiKeys.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ApiKeys.Infrastructure.ChangeFeed;

/// <summary>
/// Follows the change feed: about once a second, one indexed read of the rows after the last one seen, and each
/// changed key is evicted from this node's caches, so a key revoked on any node stops here within two seconds.
/// Rows older than an hour are pruned now and then. While the database is away, nothing is evicted; the cache TTL
/// bounds how long a warm key keeps working.
/// </summary>
public sealed partial class ChangeFeedPoller(
    IServiceScopeFactory scopes,
    KeyCache cache,
    KeyChangeSignal signal,
    IOptions<ChangeFeedOptions> options,
    TimeProvider time,
    ILogger<ChangeFeedPoller> logger) : BackgroundService
{
    private long _lastSeen = -1;
    private DateTimeOffset _lastPrune = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(options.Value.PollIntervalMilliseconds), time);
        do
        {
            try
            {
                await PollAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogPollFailed(logger, exception.GetType().Name);
            }
        }
        while (await timer.NextTickAsync(stoppingToken));
    }

    public async Task PollAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (_lastSeen < 0)
        {
            // Start from now: this node's cache is empty, so nothing older can be stale in it.
            _lastSeen = await db.KeyChanges.MaxAsync(c => (long?)c.Sequence, cancellationToken) ?? 0;
            return;
        }

        var changes = await db.KeyChanges.AsNoTracking()
            .Where(c => c.Sequence > _lastSeen)
            .OrderBy(c => c.Sequence)
            .Take(1000)
            .Select(c => new { c.Sequence, c.ApiKeyId })
            .ToListAsync(cancellationToken);
        foreach (var change in changes)
        {
            cache.Evict(change.ApiKeyId);
            _lastSeen = change.Sequence;
        }

        if (changes.Count > 0)
        {
            // Long polls of key-changes on this node wake for other nodes' changes too.
            signal.Pulse();
        }

        var now = time.GetUtcNow();
        if (now - _lastPrune > TimeSpan.FromMinutes(5))
        {
            _lastPrune = now;
            var cutoff = now - TimeSpan.FromSeconds(options.Value.RetentionSeconds);
            await db.KeyChanges.Where(c => c.ChangedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Change feed poll failed ({ExceptionType}); will retry")]
    private static partial void LogPollFailed(ILogger logger, string exceptionType);
}
