using System.Collections.Concurrent;
using System.Collections.Generic;
using ApiKeys.Application.Abstractions;
using ApiKeys.Domain.ApiKeys.Governance;
using ApiKeys.Domain.Common;
using ApiKeys.Infrastructure.CreditReservations;
using ApiKeys.Infrastructure.Redis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ApiKeys.Infrastructure.RateLimiting;

/// <summary>
/// A key's rate limits counted in Redis, so every node sees the same counts, and spent from memory (design,
/// "Usage governance across nodes"; docs/architecture.md "Rate limits across nodes"): a node claims a batch of units from the
/// key's windows in one script (<see cref="RedisWindows"/>), spends it under one lock per key, and claims again when
/// it runs out. Batches follow the spend rate (about 0.1 s of it) and never exceed a sixteenth of what a window has
/// left, so near the limit every claim is one request's cost. What a node holds and has not spent goes back when
/// its slice ends: at the earliest window end, after half of <c>Governance__ReservationSeconds</c>, when the key's
/// limits change, or at a graceful stop. A crash strands at most what it held, until the window ends: the limit is
/// never exceeded. While Redis cannot be reached, the limits are counted on this node (counted in
/// <c>apikeys_redis_fallbacks</c>); the next claim after Redis is back counts in Redis again.
/// </summary>
public sealed partial class RedisKeyRateLimiter(
    RedisConnection redis,
    InMemoryKeyRateLimiter local,
    RedisMetrics metrics,
    TimeProvider time,
    IOptions<GovernanceOptions> options,
    ILogger<RedisKeyRateLimiter> logger) : IKeyRateLimiter
{
    public const long MaxClaim = 4096;

    private static readonly KeyValuePair<string, object?> CounterTag = new("counter", "rate_limit");

    private readonly ConcurrentDictionary<ApiKeyId, RateLimitSlice> _slices = new();

    /// <summary>Keys this node holds a slice of, or had one recently (for tests of the memory bound).</summary>
    public int TrackedSlices => _slices.Count;

    public async ValueTask<RateLimitVerdict> TakeAsync(ApiKeyId key, IReadOnlyList<RateLimit> limits, long cost, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cost);
        if (limits.Count == 0)
        {
            return RateLimitVerdict.Unlimited;
        }

        while (true)
        {
            var slice = _slices.GetOrAdd(key, static (_, frequency) => new RateLimitSlice(frequency), time.TimestampFrequency);
            lock (slice.Gate)
            {
                if (slice.Retired)
                {
                    continue;
                }

                if (slice.TrySpend(limits, cost, time.GetTimestamp(), out var counts))
                {
                    return RateLimitArithmetic.Verdict(limits, counts, cost, allowed: true, time.GetUtcNow());
                }
            }

            return await ClaimAsync(key, slice, limits, cost, cancellationToken);
        }
    }

    /// <summary>Gives back what this node holds: of slices past their end (<paramref name="all"/> = false), or all of them.</summary>
    public async Task EndAsync(bool all, CancellationToken cancellationToken)
    {
        var now = time.GetTimestamp();
        foreach (var (key, slice) in _slices)
        {
            lock (slice.Gate)
            {
                if (all || now >= slice.ExpiresTicks)
                {
                    slice.End();
                }

                if (slice.Pending.Count == 0 && !(slice.Claim is null && now >= slice.ExpiresTicks))
                {
                    continue;
                }
            }

            await slice.Claiming.WaitAsync(cancellationToken);
            try
            {
                await GiveBackLockedAsync(key, slice);
                lock (slice.Gate)
                {
                    // Idle and empty: dropped, so memory holds only the keys limited lately.
                    if (slice.IsEmpty && now >= slice.ExpiresTicks)
                    {
                        slice.Retired = true;
                        _slices.TryRemove(new KeyValuePair<ApiKeyId, RateLimitSlice>(key, slice));
                    }
                }
            }
            finally
            {
                slice.Claiming.Release();
            }
        }
    }

    private async ValueTask<RateLimitVerdict> ClaimAsync(ApiKeyId key, RateLimitSlice slice, IReadOnlyList<RateLimit> limits, long cost, CancellationToken cancellationToken)
    {
        await slice.Claiming.WaitAsync(cancellationToken);
        try
        {
            long want;
            lock (slice.Gate)
            {
                // A claim made while this take waited may hold enough.
                if (!slice.Retired && slice.TrySpend(limits, cost, time.GetTimestamp(), out var counts))
                {
                    return RateLimitArithmetic.Verdict(limits, counts, cost, allowed: true, time.GetUtcNow());
                }

                slice.End();
                var elapsed = time.GetElapsedTime(slice.LastClaimTicks).TotalSeconds;
                if (elapsed > 0)
                {
                    slice.ClaimSize = Math.Clamp((long)(slice.SpentSinceClaim / elapsed / 10), 1, MaxClaim);
                }

                want = Math.Max(cost, slice.ClaimSize);
            }

            if (redis.Database is not { } database)
            {
                return Fallback(key, limits, cost);
            }

            await GiveBackLockedAsync(key, slice);
            var sent = time.GetTimestamp();
            WindowClaim claim;
            try
            {
                metrics.RoundTrips.Add(1, CounterTag);
                claim = await RedisWindows.ClaimAsync(database, key, limits, cost, want);
            }
            catch (Exception exception) when (RedisFailures.IsUnavailable(exception))
            {
                return Fallback(key, limits, cost);
            }

            // What the claim granted beyond this take: held by the slice, or given back when no slice can hold it.
            var beyond = Math.Max(0, claim.Granted - cost);
            var unspent = beyond;
            lock (slice.Gate)
            {
                // The take that claimed spent its cost too: the rate counts it.
                slice.SpentSinceClaim = claim.Granted > 0 ? cost : 0;
                slice.LastClaimTicks = sent;
                if (claim.Granted > 0 && !slice.Retired)
                {
                    slice.Hold(limits, claim, cost, sent, (long)(options.Value.Lifetime.TotalSeconds * time.TimestampFrequency));
                    unspent = 0;
                }
            }

            if (unspent > 0)
            {
                // Retired while claiming (a sweep): nothing may stay held where no one spends it.
                await ReleaseAsync(database, key, new RateLimitSlice.Ended(limits, claim.Starts, unspent));
            }

            var answered = new WindowCount[limits.Count];
            for (var i = 0; i < limits.Count; i++)
            {
                answered[i] = claim.Count(i, beyond);
            }

            // A cost of 0 only reads: it is never refused.
            return RateLimitArithmetic.Verdict(limits, answered, cost, claim.Granted > 0 || cost == 0, time.GetUtcNow());
        }
        finally
        {
            slice.Claiming.Release();
        }
    }

    /// <summary>Under <see cref="RateLimitSlice.Claiming"/>: gives back ended slices before the key's windows are claimed again.</summary>
    private async Task GiveBackLockedAsync(ApiKeyId key, RateLimitSlice slice)
    {
        // Without Redis they wait for it (or for their windows to end).
        while (redis.Database is { } database)
        {
            RateLimitSlice.Ended ended;
            lock (slice.Gate)
            {
                if (slice.Pending.Count == 0)
                {
                    return;
                }

                ended = slice.Pending[0];
                slice.Pending.RemoveAt(0);
            }

            await ReleaseAsync(database, key, ended);
        }
    }

    private async Task ReleaseAsync(IDatabase database, ApiKeyId key, RateLimitSlice.Ended ended)
    {
        try
        {
            metrics.RoundTrips.Add(1, CounterTag);
            await RedisWindows.ReleaseAsync(database, key, ended.Limits, ended.Starts, ended.Unspent);
        }
        catch (Exception exception) when (RedisFailures.IsUnavailable(exception))
        {
            // Stranded until the window ends: the limit is under-used for a while, never exceeded.
            LogReleaseFailed(logger, key.ToString(), ended.Unspent, exception.GetType().Name);
        }
    }

    private RateLimitVerdict Fallback(ApiKeyId key, IReadOnlyList<RateLimit> limits, long cost)
    {
        metrics.Fallbacks.Add(1, CounterTag);
        return local.Take(key, limits, cost);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Units} rate-limit units of {KeyId} not given back to Redis ({Reason}); they return when the window ends")]
    private static partial void LogReleaseFailed(ILogger logger, string keyId, long units, string reason);
}
