using System.Collections.Generic;
using ApiKeys.Application.Abstractions;
using ApiKeys.Domain.ApiKeys.Governance;
using ApiKeys.Domain.Common;
using ApiKeys.Infrastructure.Redis;
using StackExchange.Redis;

namespace ApiKeys.Infrastructure.RateLimiting;

/// <summary>
/// A key's rate limits counted in Redis, so every node sees the same counts: one Lua script, one round trip, all or
/// nothing over the key's limits (a script runs alone on the server). The window opens at the first unit taken,
/// on the server's clock (nodes' clocks may differ; the answer carries only durations), and the hash expires at
/// the window's end. While Redis cannot be reached, the limits are counted on this node (and the fallback is counted
/// in <c>apikeys_redis_fallbacks</c>); the next call after Redis is back counts in Redis again.
/// </summary>
public sealed class RedisKeyRateLimiter(RedisConnection redis, InMemoryKeyRateLimiter local, RedisMetrics metrics, TimeProvider time) : IKeyRateLimiter
{
    // One hash per limit: s = the window's start (server ms), u = units used in it. A window is open while
    // s + the limit's current window is ahead: a shortened window ends sooner, and a hash left over from a longer
    // one is not inherited (it is replaced on the next take, and expires anyway).
    // ARGV[1] = cost, then each limit's limit and window (ms). Reply: taken (0/1), then used, ms left, open per limit.
    private const string Script = """
        local clock = redis.call('TIME')
        local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
        local cost = tonumber(ARGV[1])
        local used, left, open = {}, {}, {}
        local fits = true
        for i = 1, #KEYS do
          local limit = tonumber(ARGV[2 * i])
          local window = tonumber(ARGV[2 * i + 1])
          local state = redis.call('HMGET', KEYS[i], 's', 'u')
          local start = tonumber(state[1])
          if start and start + window > now then
            used[i] = tonumber(state[2]) or 0
            left[i] = start + window - now
            open[i] = 1
          else
            used[i] = 0
            left[i] = window
            open[i] = 0
          end
          if used[i] + cost > limit then fits = false end
        end
        local taken = 0
        if fits and cost > 0 then
          taken = 1
          for i = 1, #KEYS do
            if open[i] == 1 then
              used[i] = redis.call('HINCRBY', KEYS[i], 'u', ARGV[1])
              redis.call('PEXPIRE', KEYS[i], left[i])
            else
              redis.call('HSET', KEYS[i], 's', string.format('%d', now), 'u', ARGV[1])
              redis.call('PEXPIRE', KEYS[i], left[i])
              used[i] = cost
              open[i] = 1
            end
          end
        end
        local reply = { taken }
        for i = 1, #KEYS do
          reply[#reply + 1] = used[i]
          reply[#reply + 1] = left[i]
          reply[#reply + 1] = open[i]
        end
        return reply
        """;

    private static readonly KeyValuePair<string, object?> CounterTag = new("counter", "rate_limit");

    /// <summary>
    /// The hash of one limit of one key. The key id sits in braces (a Redis Cluster hash tag: all of a key's limits
    /// in one slot, as one script needs); ids have a fixed form, so no name can make two limits collide.
    /// </summary>
    public static RedisKey KeyOf(ApiKeyId key, string limitName) => $"apikeys:rl:{{{key}}}:{limitName}";

    public async ValueTask<RateLimitVerdict> TakeAsync(ApiKeyId key, IReadOnlyList<RateLimit> limits, long cost, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cost);
        if (limits.Count == 0)
        {
            return RateLimitVerdict.Unlimited;
        }

        if (redis.Database is not { } database)
        {
            return Fallback(key, limits, cost);
        }

        var keys = new RedisKey[limits.Count];
        var values = new RedisValue[1 + (2 * limits.Count)];
        values[0] = cost;
        for (var i = 0; i < limits.Count; i++)
        {
            keys[i] = KeyOf(key, limits[i].Name);
            values[1 + (2 * i)] = limits[i].Limit;
            values[2 + (2 * i)] = (long)limits[i].WindowSeconds * 1000;
        }

        RedisResult reply;
        try
        {
            metrics.RoundTrips.Add(1, CounterTag);
            reply = await database.ScriptEvaluateAsync(Script, keys, values);
        }
        catch (Exception exception) when (RedisFailures.IsUnavailable(exception))
        {
            return Fallback(key, limits, cost);
        }

        var now = time.GetUtcNow();
        var fields = (RedisResult[])reply!;
        var counts = new WindowCount[limits.Count];
        for (var i = 0; i < limits.Count; i++)
        {
            counts[i] = new WindowCount((long)fields[1 + (3 * i)], TimeSpan.FromMilliseconds((long)fields[2 + (3 * i)]), (long)fields[3 + (3 * i)] == 1);
        }

        // A cost of 0 only reads: it is never refused.
        return RateLimitArithmetic.Verdict(limits, counts, cost, (long)fields[0] == 1 || cost == 0, now);
    }

    private RateLimitVerdict Fallback(ApiKeyId key, IReadOnlyList<RateLimit> limits, long cost)
    {
        metrics.Fallbacks.Add(1, CounterTag);
        return local.Take(key, limits, cost);
    }
}
