using System.Collections.Concurrent;
using ApiKeys.Infrastructure.Redis;
using StackExchange.Redis;

namespace ApiKeys.Infrastructure.RateLimiting;

/// <summary>
/// Token buckets shared by every node through Redis (one Lua script on the server's clock): a node takes tokens in
/// small batches (a hundredth of the rate, at least one) and spends them from memory for at most a second, so a busy
/// credential costs one round trip per batch, not per request. The nodes together never take more than the bucket
/// holds; a node may refuse while another still holds a batch it has not spent (at most one batch each, for a second).
/// </summary>
public sealed class SharedTokenBuckets(RedisConnection redis, RedisMetrics metrics, TimeProvider time)
{
    // t = tokens, at = when counted (server ms). Refills continuously at ARGV[1] tokens per second up to ARGV[2].
    // Takes up to ARGV[3]. Reply: granted, ms until one token is there when none was granted.
    private const string Script = """
        local clock = redis.call('TIME')
        local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
        local rate = tonumber(ARGV[1])
        local capacity = tonumber(ARGV[2])
        local wanted = tonumber(ARGV[3])
        local state = redis.call('HMGET', KEYS[1], 't', 'at')
        local tokens = tonumber(state[1])
        local at = tonumber(state[2])
        if not tokens or not at then
          tokens = capacity
          at = now
        end
        tokens = math.min(capacity, tokens + math.max(0, now - at) * rate / 1000)
        local granted = math.min(wanted, math.floor(tokens))
        tokens = tokens - granted
        redis.call('HSET', KEYS[1], 't', tostring(tokens), 'at', string.format('%d', now))
        redis.call('PEXPIRE', KEYS[1], math.ceil((capacity - tokens) * 1000 / rate) + 1000)
        local wait = 0
        if granted == 0 then wait = math.ceil((1 - tokens) * 1000 / rate) end
        return { granted, wait }
        """;

    private static readonly TimeSpan BatchLifetime = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, Batch> _batches = new(StringComparer.Ordinal);
    private int _fetched;

    public bool IsConfigured => redis.IsConfigured;

    public static RedisKey KeyOf(string bucket) => "apikeys:tb:" + bucket;

    /// <summary>A token from this node's batch of <paramref name="bucket"/>, with no I/O; false when it has none left.</summary>
    public bool TryTakeLocal(string bucket)
    {
        if (!_batches.TryGetValue(bucket, out var batch))
        {
            return false;
        }

        lock (batch)
        {
            if (batch.Tokens == 0 || batch.ExpiresAt <= time.GetUtcNow())
            {
                return false;
            }

            batch.Tokens--;
            return true;
        }
    }

    /// <summary>
    /// A token of <paramref name="bucket"/> (this node's batch first, else a new batch from Redis).
    /// </summary>
    /// <returns>Taken; or not, with the wait until one is there; or <see langword="null"/> when Redis cannot be reached.</returns>
    public async ValueTask<(bool Taken, TimeSpan RetryAfter)?> TakeAsync(string bucket, int perSecond, int capacity, string counter)
    {
        if (TryTakeLocal(bucket))
        {
            return (true, TimeSpan.Zero);
        }

        if (redis.Database is not { } database)
        {
            metrics.Fallbacks.Add(1, new KeyValuePair<string, object?>("counter", counter));
            return null;
        }

        var wanted = Math.Max(1, perSecond / 100);
        RedisResult[] reply;
        try
        {
            metrics.RoundTrips.Add(1, new KeyValuePair<string, object?>("counter", counter));
            reply = (RedisResult[])(await database.ScriptEvaluateAsync(Script, [KeyOf(bucket)], [perSecond, capacity, wanted]))!;
        }
        catch (Exception exception) when (RedisFailures.IsUnavailable(exception))
        {
            metrics.Fallbacks.Add(1, new KeyValuePair<string, object?>("counter", counter));
            return null;
        }

        var granted = (long)reply[0];
        if (granted == 0)
        {
            return (false, TimeSpan.FromMilliseconds(Math.Max(1, (long)reply[1])));
        }

        if (granted > 1)
        {
            Keep(bucket, granted - 1);
        }

        return (true, TimeSpan.Zero);
    }

    private void Keep(string bucket, long tokens)
    {
        var now = time.GetUtcNow();
        var batch = _batches.GetOrAdd(bucket, static _ => new Batch());
        lock (batch)
        {
            // Tokens left from an older batch stay spendable only within its own second.
            batch.Tokens = batch.ExpiresAt > now ? batch.Tokens + tokens : tokens;
            batch.ExpiresAt = now + BatchLifetime;
        }

        if (Interlocked.Increment(ref _fetched) % 1024 == 0)
        {
            foreach (var (name, old) in _batches)
            {
                if (old.ExpiresAt <= now)
                {
                    _batches.TryRemove(new KeyValuePair<string, Batch>(name, old));
                }
            }
        }
    }

    private sealed class Batch
    {
        public long Tokens { get; set; }

        public DateTimeOffset ExpiresAt { get; set; }
    }
}
