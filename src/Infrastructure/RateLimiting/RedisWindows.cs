using ApiKeys.Domain.ApiKeys.Governance;
using ApiKeys.Domain.Common;
using StackExchange.Redis;

namespace ApiKeys.Infrastructure.RateLimiting;

/// <summary>What one claim on a key's windows in Redis returned.</summary>
/// <param name="Granted">Units moved to the node (0: refused, or a read).</param>
/// <param name="Used">Per limit: units used in its window after the claim.</param>
/// <param name="LeftMs">Per limit: milliseconds until its window ends (a whole window when none is open).</param>
/// <param name="Starts">Per limit: the window's start on the server's clock (ms), or -1 when none is open.</param>
internal sealed record WindowClaim(long Granted, long[] Used, long[] LeftMs, long[] Starts)
{
    public WindowCount Count(int limit, long unspent) =>
        new(Used[limit] - unspent, TimeSpan.FromMilliseconds(LeftMs[limit]), Starts[limit] >= 0);
}

/// <summary>
/// A key's rate-limit windows in Redis: one hash per limit (<c>s</c> = the window's start, server ms; <c>u</c> =
/// units used in it), changed only by these scripts, which run alone on the server. A claim moves a batch of units
/// to a node at once, all limits or none; a release gives back what a node did not spend, to the same windows only.
/// The window opens at the first unit taken, on the server's clock (nodes' clocks may differ; replies carry only
/// durations), and the hash expires at the window's end.
/// </summary>
internal static class RedisWindows
{
    /// <summary>A node never holds more than this share of what a window has left.</summary>
    public const int ShareOfRoom = 16;

    /// <summary>Below this much left in a window, a claim is exactly one request's cost: near the limit no node holds units another could be refused for.</summary>
    public const int ExactBelow = 256;

    // ARGV[1] = cost, ARGV[2] = the batch wanted, then each limit's limit and window (ms). A window is open while
    // s + the limit's current window is ahead: a shortened window ends sooner, and a hash left over from a longer one
    // is not inherited. Grants max(cost, min(want, room / 16)) when every limit has room for cost (just cost when the
    // room is under 256), else nothing.
    // Reply: granted, then used, ms left and start (-1: none open) per limit.
    private static readonly string ClaimScript = $$"""
        local clock = redis.call('TIME')
        local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
        local cost = tonumber(ARGV[1])
        local want = tonumber(ARGV[2])
        local used, left, start = {}, {}, {}
        local room = nil
        for i = 1, #KEYS do
          local limit = tonumber(ARGV[1 + 2 * i])
          local window = tonumber(ARGV[2 + 2 * i])
          local state = redis.call('HMGET', KEYS[i], 's', 'u')
          local s = tonumber(state[1])
          if s and s + window > now then
            used[i] = tonumber(state[2]) or 0
            left[i] = s + window - now
            start[i] = s
          else
            used[i] = 0
            left[i] = window
            start[i] = -1
          end
          local r = limit - used[i]
          if room == nil or r < room then room = r end
        end
        local granted = 0
        if cost > 0 and room >= cost then
          granted = cost
          if room >= {{ExactBelow}} then granted = math.max(cost, math.min(want, math.floor(room / {{ShareOfRoom}}))) end
          for i = 1, #KEYS do
            if start[i] >= 0 then
              used[i] = redis.call('HINCRBY', KEYS[i], 'u', granted)
            else
              redis.call('HSET', KEYS[i], 's', string.format('%d', now), 'u', granted)
              used[i] = granted
              start[i] = now
            end
            redis.call('PEXPIRE', KEYS[i], left[i])
          end
        end
        local reply = { granted }
        for i = 1, #KEYS do
          reply[#reply + 1] = used[i]
          reply[#reply + 1] = left[i]
          reply[#reply + 1] = start[i]
        end
        return reply
        """;

    // ARGV[1] = units not spent, then each limit's window start as claimed: given back only to that same window.
    private const string ReleaseScript = """
        local unspent = tonumber(ARGV[1])
        for i = 1, #KEYS do
          local s = redis.call('HGET', KEYS[i], 's')
          if s and tonumber(s) == tonumber(ARGV[1 + i]) then
            if redis.call('HINCRBY', KEYS[i], 'u', -unspent) < 0 then redis.call('HSET', KEYS[i], 'u', 0) end
          end
        end
        return 0
        """;

    /// <summary>
    /// The hash of one limit of one key. The key id sits in braces (a Redis Cluster hash tag: all of a key's limits
    /// in one slot, as one script needs); ids have a fixed form, so no name can make two limits collide.
    /// </summary>
    public static RedisKey KeyOf(ApiKeyId key, string limitName) => $"apikeys:rl:{{{key}}}:{limitName}";

    /// <summary>Claims <paramref name="want"/> units (at least <paramref name="cost"/>, else none); a cost of 0 only reads.</summary>
    public static async Task<WindowClaim> ClaimAsync(IDatabase database, ApiKeyId key, IReadOnlyList<RateLimit> limits, long cost, long want)
    {
        var values = new RedisValue[2 + (2 * limits.Count)];
        values[0] = cost;
        values[1] = Math.Max(cost, want);
        for (var i = 0; i < limits.Count; i++)
        {
            values[2 + (2 * i)] = limits[i].Limit;
            values[3 + (2 * i)] = (long)limits[i].WindowSeconds * 1000;
        }

        var fields = (RedisResult[])(await database.ScriptEvaluateAsync(ClaimScript, KeysOf(key, limits), values))!;
        var used = new long[limits.Count];
        var left = new long[limits.Count];
        var starts = new long[limits.Count];
        for (var i = 0; i < limits.Count; i++)
        {
            used[i] = (long)fields[1 + (3 * i)];
            left[i] = (long)fields[2 + (3 * i)];
            starts[i] = (long)fields[3 + (3 * i)];
        }

        return new WindowClaim((long)fields[0], used, left, starts);
    }

    /// <summary>Gives back <paramref name="unspent"/> units to the windows a claim took them from, where still open.</summary>
    public static Task ReleaseAsync(IDatabase database, ApiKeyId key, IReadOnlyList<RateLimit> limits, long[] starts, long unspent)
    {
        var values = new RedisValue[1 + limits.Count];
        values[0] = unspent;
        for (var i = 0; i < limits.Count; i++)
        {
            values[1 + i] = starts[i];
        }

        return database.ScriptEvaluateAsync(ReleaseScript, KeysOf(key, limits), values);
    }

    private static RedisKey[] KeysOf(ApiKeyId key, IReadOnlyList<RateLimit> limits)
    {
        var keys = new RedisKey[limits.Count];
        for (var i = 0; i < limits.Count; i++)
        {
            keys[i] = KeyOf(key, limits[i].Name);
        }

        return keys;
    }
}
