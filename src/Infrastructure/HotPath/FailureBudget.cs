using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace ApiKeys.Infrastructure.HotPath;

/// <summary>
/// Failed authentications per client address, in fixed windows. An address that has spent its budget gets 429
/// instead of an Argon2 verification, with a <c>Retry-After</c> that is the rest of its window (when the same
/// request can succeed); cache hits never ask. Windows that ended are swept as new ones open, so the table holds
/// only the addresses that failed within the last window.
/// </summary>
public sealed class FailureBudget(IOptions<HotPathOptions> options, TimeProvider time)
{
    private const int SweepEvery = 1024;

    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);
    private readonly int _budget = options.Value.FailureBudget;
    private readonly TimeSpan _length = TimeSpan.FromSeconds(options.Value.FailureWindowSeconds);
    private int _opened;
    private long _lastFailureTicks = long.MinValue / 2;

    /// <returns>How long until <paramref name="address"/> may fail again, or <see langword="null"/> while it has budget left.</returns>
    /// <summary>No address failed within the last window: nothing to ask (one read, no lock, for every request).</summary>
    public bool IsEmpty => time.GetUtcNow().UtcTicks - Volatile.Read(ref _lastFailureTicks) >= _length.Ticks;

    public TimeSpan? RetryAfter(string address)
    {
        if (!_windows.TryGetValue(address, out var window))
        {
            return null;
        }

        var now = time.GetUtcNow();
        lock (window)
        {
            var ends = window.Start + _length;
            return window.Failures >= _budget && ends > now ? ends - now : null;
        }
    }

    public void RecordFailure(string address)
    {
        var now = time.GetUtcNow();
        Volatile.Write(ref _lastFailureTicks, now.UtcTicks);
        var window = _windows.GetOrAdd(address, static (_, start) => new Window(start), now);
        lock (window)
        {
            if (window.Start + _length <= now)
            {
                window.Start = now;
                window.Failures = 0;
            }

            window.Failures++;
        }

        if (Interlocked.Increment(ref _opened) % SweepEvery == 0)
        {
            Sweep(now);
        }
    }

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (address, window) in _windows)
        {
            if (window.Start + _length <= now)
            {
                _windows.TryRemove(new KeyValuePair<string, Window>(address, window));
            }
        }
    }

    private sealed class Window(DateTimeOffset start)
    {
        public DateTimeOffset Start { get; set; } = start;

        public int Failures { get; set; }
    }
}
