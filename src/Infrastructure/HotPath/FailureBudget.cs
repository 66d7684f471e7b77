using System.Collections.Concurrent;
using ApiKeys.Infrastructure.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ApiKeys.Infrastructure.HotPath;

/// <summary>
/// Failed authentications per client (an IPv4 address or an IPv6 /64, see <see cref="BudgetPartition"/>), in
/// windows that open at the first failure. A client that has spent its budget gets 429 instead of an Argon2
/// verification, with a <c>Retry-After</c> of the rest of its window: the moment its budget is whole again, so the
/// same request can succeed then. Cache hits never ask.
/// <para>
/// With <c>Redis__Configuration</c> the counts live in Redis (one round trip per failure and per check before an
/// Argon2 verification, never on a cache hit), so every node sees the same budget: three nodes do not give an attacker
/// three budgets. This node keeps what it learned (a spent budget and its end) for the refusals it answers without
/// any I/O. While Redis cannot be reached, failures are counted on this node.
/// </para>
/// </summary>
public sealed class FailureBudget(IOptions<HotPathOptions> options, RedisConnection redis, RedisMetrics metrics, TimeProvider time)
{
    private const int SweepEvery = 1024;

    // Adds one failure; the window (PEXPIRE) opens with the first. Reply: failures, ms left.
    private const string RecordScript = """
        local failures = redis.call('INCR', KEYS[1])
        if failures == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
        local left = redis.call('PTTL', KEYS[1])
        if left < 0 then
          redis.call('PEXPIRE', KEYS[1], ARGV[1])
          left = tonumber(ARGV[1])
        end
        return { failures, left }
        """;

    private const string ReadScript = """
        local failures = tonumber(redis.call('GET', KEYS[1]) or '0')
        return { failures, redis.call('PTTL', KEYS[1]) }
        """;

    private static readonly KeyValuePair<string, object?> CounterTag = new("counter", "failure_budget");

    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);
    private readonly int _budget = options.Value.FailureBudget;
    private readonly TimeSpan _length = TimeSpan.FromSeconds(options.Value.FailureWindowSeconds);
    private int _opened;
    private long _lastFailureTicks = long.MinValue / 2;

    public static RedisKey KeyOf(string partition) => "apikeys:fb:" + partition;

    /// <summary>No client failed (or was learned to have spent its budget) within the last window on this node: nothing to ask (one read, no lock).</summary>
    public bool IsEmpty => time.GetUtcNow().UtcTicks - Volatile.Read(ref _lastFailureTicks) >= _length.Ticks;

    /// <summary>
    /// What this node knows without I/O: how long until <paramref name="address"/>'s budget is whole again, or
    /// <see langword="null"/> while it has budget left (as far as this node knows).
    /// </summary>
    public TimeSpan? RetryAfter(string address)
    {
        if (!_windows.TryGetValue(BudgetPartition.Of(address), out var window))
        {
            return null;
        }

        var now = time.GetUtcNow();
        lock (window)
        {
            var ends = window.Start + window.Length;
            return window.Failures >= _budget && ends > now ? ends - now : null;
        }
    }

    /// <summary>The check before an Argon2 verification: in Redis when it is configured (every node's failures), else this node's.</summary>
    public async ValueTask<TimeSpan?> RetryAfterAsync(string address)
    {
        var partition = BudgetPartition.Of(address);
        if (redis.IsConfigured)
        {
            if (await EvaluateAsync(ReadScript, partition) is { } shared)
            {
                return Learn(partition, shared.Failures, shared.Left);
            }
        }

        return RetryAfter(partition);
    }

    public async ValueTask RecordFailureAsync(string address)
    {
        var partition = BudgetPartition.Of(address);
        if (redis.IsConfigured && await EvaluateAsync(RecordScript, partition) is { } shared)
        {
            Learn(partition, shared.Failures, shared.Left);
            return;
        }

        RecordLocally(partition);
    }

    private async ValueTask<(long Failures, TimeSpan Left)?> EvaluateAsync(string script, string partition)
    {
        if (redis.Database is not { } database)
        {
            metrics.Fallbacks.Add(1, CounterTag);
            return null;
        }

        try
        {
            metrics.RoundTrips.Add(1, CounterTag);
            var reply = (RedisResult[])(await database.ScriptEvaluateAsync(script, [KeyOf(partition)], [(long)_length.TotalMilliseconds]))!;
            return ((long)reply[0], TimeSpan.FromMilliseconds(Math.Max(0, (long)reply[1])));
        }
        catch (Exception exception) when (RedisFailures.IsUnavailable(exception))
        {
            metrics.Fallbacks.Add(1, CounterTag);
            return null;
        }
    }

    /// <summary>Keeps a spent budget Redis reported, so this node's own refusals need no I/O until it ends.</summary>
    private TimeSpan? Learn(string partition, long failures, TimeSpan left)
    {
        if (failures < _budget || left <= TimeSpan.Zero)
        {
            return null;
        }

        var now = time.GetUtcNow();
        Volatile.Write(ref _lastFailureTicks, now.UtcTicks);
        var window = _windows.GetOrAdd(partition, static (_, start) => new Window(start), now);
        lock (window)
        {
            window.Start = now;
            window.Length = left;
            window.Failures = _budget;
        }

        SweepNow(now);
        return left;
    }

    private void RecordLocally(string partition)
    {
        var now = time.GetUtcNow();
        Volatile.Write(ref _lastFailureTicks, now.UtcTicks);
        var window = _windows.GetOrAdd(partition, static (_, start) => new Window(start), now);
        lock (window)
        {
            if (window.Start + window.Length <= now)
            {
                window.Start = now;
                window.Length = _length;
                window.Failures = 0;
            }

            window.Failures++;
        }

        SweepNow(now);
    }

    private void SweepNow(DateTimeOffset now)
    {
        if (Interlocked.Increment(ref _opened) % SweepEvery != 0)
        {
            return;
        }

        foreach (var (address, window) in _windows)
        {
            if (window.Start + window.Length <= now)
            {
                _windows.TryRemove(new KeyValuePair<string, Window>(address, window));
            }
        }
    }

    private sealed class Window(DateTimeOffset start)
    {
        public DateTimeOffset Start { get; set; } = start;

        public TimeSpan Length { get; set; }

        public int Failures { get; set; }
    }
}
