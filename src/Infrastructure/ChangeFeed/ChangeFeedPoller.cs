using ApiKeys.Domain.Common;
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
/// Follows the change feed: about once a second, and at once when the database announces a commit (PostgreSQL's
/// notifications), one indexed read of the rows after the last one seen, and each changed key is evicted from this
/// node's caches, so a key revoked on any node stops here within two seconds. Numbers skipped because their
/// transaction had not committed yet are read again (<see cref="FeedGaps"/>). Rows older than an hour are pruned
/// now and then. While the database is away, nothing is evicted; the cache TTL bounds how long a warm key keeps
/// working.
/// </summary>
public sealed partial class ChangeFeedPoller(
    IServiceScopeFactory scopes,
    KeyCache cache,
    KeyChangeSignal signal,
    FeedNotifications notifications,
    IOptions<ChangeFeedOptions> options,
    IOptions<HotPathOptions> hotPath,
    TimeProvider time,
    ILogger<ChangeFeedPoller> logger) : BackgroundService
{
    private const int Page = 1000;

    private readonly FeedGaps _gaps = new(TimeSpan.FromSeconds(hotPath.Value.CacheTtlSeconds));
    private readonly SemaphoreSlim _polling = new(1, 1);
    private long _lastSeen = -1;
    private DateTimeOffset _lastPrune = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(options.Value.PollIntervalMilliseconds), time);
        Task<bool>? tick = null;
        while (true)
        {
            // Taken before the read: a commit announced while it runs brings another read, not a lost one.
            var announced = notifications.Next;
            try
            {
                await PollAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogPollFailed(logger, exception.GetType().Name);
            }

            tick ??= timer.NextTickAsync(stoppingToken);
            if (await Task.WhenAny(tick, announced) == tick)
            {
                if (!await tick)
                {
                    return;
                }

                tick = null;
            }
        }
    }

    /// <summary>One read of the feed; calls do not overlap (tests call it beside the loop).</summary>
    public async Task PollAsync(CancellationToken cancellationToken)
    {
        await _polling.WaitAsync(cancellationToken);
        try
        {
            await ReadAsync(cancellationToken);
        }
        finally
        {
            _polling.Release();
        }
    }

    private async Task ReadAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = time.GetUtcNow();
        if (_lastSeen < 0)
        {
            _lastSeen = await StartAsync(db, now, cancellationToken);
        }

        var evicted = 0;
        foreach (var (from, to) in _gaps.Open(now))
        {
            foreach (var change in await RowsAsync(db, from, to, cancellationToken))
            {
                _gaps.Filled(change.Sequence);
                cache.Evict(change.ApiKeyId);
                evicted++;
            }
        }

        foreach (var change in await RowsAsync(db, _lastSeen + 1, long.MaxValue, cancellationToken))
        {
            _gaps.Skipped(_lastSeen + 1, change.Sequence - 1, now);
            cache.Evict(change.ApiKeyId);
            _lastSeen = change.Sequence;
            evicted++;
        }

        if (evicted > 0)
        {
            // Long polls of key-changes on this node wake for other nodes' changes too.
            signal.Pulse();
        }

        if (now - _lastPrune > TimeSpan.FromMinutes(5))
        {
            _lastPrune = now;
            var cutoff = now - TimeSpan.FromSeconds(options.Value.RetentionSeconds);
            await db.KeyChanges.Where(c => c.ChangedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Where to start: this node's cache is empty, so nothing older can be stale in it, except a number still in
    /// flight among the young rows. Starting before the first young row reads them (evicting is harmless) and notes
    /// any hole among them as a gap.
    /// </summary>
    private async Task<long> StartAsync(AppDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var since = now - TimeSpan.FromMilliseconds(options.Value.SettleMilliseconds);
        var firstYoung = await db.KeyChanges.Where(c => c.ChangedAt >= since).MinAsync(c => (long?)c.Sequence, cancellationToken);
        var below = firstYoung ?? long.MaxValue;
        return await db.KeyChanges.Where(c => c.Sequence < below).MaxAsync(c => (long?)c.Sequence, cancellationToken) ?? 0;
    }

    private static Task<List<KeyChangeRow>> RowsAsync(AppDbContext db, long from, long to, CancellationToken cancellationToken) =>
        db.KeyChanges.AsNoTracking()
            .Where(c => c.Sequence >= from && c.Sequence <= to)
            .OrderBy(c => c.Sequence)
            .Take(Page)
            .Select(c => new KeyChangeRow(c.Sequence, c.ApiKeyId))
            .ToListAsync(cancellationToken);

    public override void Dispose()
    {
        _polling.Dispose();
        base.Dispose();
    }

    private sealed record KeyChangeRow(long Sequence, ApiKeyId ApiKeyId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Change feed poll failed ({ExceptionType}); will retry")]
    private static partial void LogPollFailed(ILogger logger, string exceptionType);
}
