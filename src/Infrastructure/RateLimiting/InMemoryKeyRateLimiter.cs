using System.Collections.Concurrent;
using ApiKeys.Application.Abstractions;
using ApiKeys.Domain.ApiKeys.Governance;
using ApiKeys.Domain.Common;

namespace ApiKeys.Infrastructure.RateLimiting;

/// <summary>
/// A key's rate limits counted on this node: one lock per key, so a take is all or nothing over the key's limits and
/// exact under any concurrency. A window opens with the first unit taken and ends one window length later, measured
/// with the limit's current definition (a shortened window ends sooner, a changed limit applies at once). Keys whose
/// windows have all ended are swept as new windows open, so memory holds only the keys used within their windows.
/// </summary>
public sealed class InMemoryKeyRateLimiter(TimeProvider time) : IKeyRateLimiter
{
    private const int SweepEvery = 1024;

    private readonly ConcurrentDictionary<ApiKeyId, KeyWindows> _keys = new();
    private int _opened;

    /// <summary>Keys with a window that may still be open (for tests of the memory bound).</summary>
    public int TrackedKeys => _keys.Count;

    public ValueTask<RateLimitVerdict> TakeAsync(ApiKeyId key, IReadOnlyList<RateLimit> limits, long cost, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Take(key, limits, cost));

    public RateLimitVerdict Take(ApiKeyId key, IReadOnlyList<RateLimit> limits, long cost)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cost);
        if (limits.Count == 0)
        {
            return RateLimitVerdict.Unlimited;
        }

        var now = time.GetUtcNow();
        var counts = new WindowCount[limits.Count];
        while (true)
        {
            var windows = _keys.GetOrAdd(key, static _ => new KeyWindows());
            bool opened;
            RateLimitVerdict verdict;
            lock (windows)
            {
                // A sweep retired this entry between the lookup and the lock: count on the one now in the table.
                if (windows.Retired)
                {
                    continue;
                }

                for (var i = 0; i < limits.Count; i++)
                {
                    counts[i] = windows.Current(limits[i], now);
                }

                var allowed = cost > 0 && RateLimitArithmetic.Fits(limits, counts, cost);
                opened = false;
                if (allowed)
                {
                    for (var i = 0; i < limits.Count; i++)
                    {
                        opened |= !counts[i].Open;
                        counts[i] = windows.Take(limits[i], counts[i], cost, now);
                    }
                }

                // A cost of 0 only reads: it is never refused.
                verdict = RateLimitArithmetic.Verdict(limits, counts, cost, allowed || cost == 0, now);
            }

            if (opened && Interlocked.Increment(ref _opened) % SweepEvery == 0)
            {
                Sweep(now);
            }

            return verdict;
        }
    }

    /// <summary>Drops the keys whose every window has ended.</summary>
    public void Sweep(DateTimeOffset now)
    {
        foreach (var (key, windows) in _keys)
        {
            lock (windows)
            {
                if (windows.AllEnded(now))
                {
                    windows.Retired = true;
                    _keys.TryRemove(new KeyValuePair<ApiKeyId, KeyWindows>(key, windows));
                }
            }
        }
    }

    /// <summary>One key's windows by limit name; used only under the instance's lock.</summary>
    private sealed class KeyWindows
    {
        private readonly Dictionary<string, Window> _windows = new(StringComparer.Ordinal);

        public bool Retired { get; set; }

        public WindowCount Current(RateLimit limit, DateTimeOffset now) =>
            _windows.TryGetValue(limit.Name, out var window) && window.Start + limit.Window > now
                ? new WindowCount(window.Used, window.Start + limit.Window - now, Open: true)
                : new WindowCount(0, limit.Window, Open: false);

        public WindowCount Take(RateLimit limit, WindowCount count, long cost, DateTimeOffset now)
        {
            if (count.Open)
            {
                var window = _windows[limit.Name];
                window.Used += cost;
                window.Length = limit.Window;
            }
            else
            {
                _windows[limit.Name] = new Window { Start = now, Used = cost, Length = limit.Window };
            }

            return count with { Used = count.Used + cost, Open = true };
        }

        // Each window is kept for the length its limit had when last taken from, as Redis keeps it (PEXPIREAT).
        public bool AllEnded(DateTimeOffset now) => _windows.Values.All(window => window.Start + window.Length <= now);
    }

    private sealed class Window
    {
        public DateTimeOffset Start { get; init; }

        public long Used { get; set; }

        public TimeSpan Length { get; set; }
    }
}
