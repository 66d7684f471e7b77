using ApiKeys.Application.Abstractions;
using ApiKeys.Domain.ApiKeys.Governance;

namespace ApiKeys.Infrastructure.RateLimiting;

/// <param name="Used">Units taken in the window (after this call when it took).</param>
/// <param name="Left">Time until the window ends; a full window when none is open (it would open now).</param>
/// <param name="Open">Whether a window is open.</param>
public readonly record struct WindowCount(long Used, TimeSpan Left, bool Open);

/// <summary>The verdict both limiters give from the same counts, so memory and Redis answer alike.</summary>
public static class RateLimitArithmetic
{
    public static bool Fits(IReadOnlyList<RateLimit> limits, WindowCount[] counts, long cost)
    {
        for (var i = 0; i < limits.Count; i++)
        {
            if (counts[i].Used + cost > limits[i].Limit)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Allowed: the tightest limit is the one with the least left (the earliest reset among equals). Refused: the
    /// refusing limit whose window ends last, and <c>RetryAfter</c> is that end, when every refusing limit has room
    /// again; a cost above a limit can never succeed, so it gets no <c>RetryAfter</c> at all.
    /// </summary>
    public static RateLimitVerdict Verdict(IReadOnlyList<RateLimit> limits, WindowCount[] counts, long cost, bool allowed, DateTimeOffset now)
    {
        var tightest = -1;
        var never = false;
        for (var i = 0; i < limits.Count; i++)
        {
            if (allowed)
            {
                if (tightest < 0 || Remaining(limits[i], counts[i]) < Remaining(limits[tightest], counts[tightest])
                    || (Remaining(limits[i], counts[i]) == Remaining(limits[tightest], counts[tightest]) && counts[i].Left < counts[tightest].Left))
                {
                    tightest = i;
                }
            }
            else if (counts[i].Used + cost > limits[i].Limit)
            {
                never |= cost > limits[i].Limit;
                if (tightest < 0 || counts[i].Left > counts[tightest].Left)
                {
                    tightest = i;
                }
            }
        }

        var state = State(limits[tightest], counts[tightest], now);
        return new RateLimitVerdict(allowed, state, allowed || never ? null : counts[tightest].Left);
    }

    public static RateLimitState State(RateLimit limit, WindowCount count, DateTimeOffset now) =>
        new(limit.Name, limit.Limit, Remaining(limit, count), now + count.Left, limit.WindowSeconds);

    // A limit lowered below what its window already used has nothing left, not a negative amount.
    private static long Remaining(RateLimit limit, WindowCount count) => Math.Max(0, limit.Limit - count.Used);
}
