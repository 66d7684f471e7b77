namespace ApiKeys.Domain.ApiKeys.Governance;

/// <summary>
/// The limits a key carries (docs/api.md §2 "Governance is power too"): its rate limits, credits, networks and expiry.
/// A key with any of them covers only keys at least as limited (<see cref="IsWithin"/>), so it can neither loosen
/// itself nor mint a looser child; an owner key with any of them can be locked out, so it does not count towards
/// "the last owner stays usable".
/// </summary>
public sealed class KeyLimits
{
    public KeyLimits(IReadOnlyList<RateLimit> rateLimits, Credits? credits, AllowedCidrs allowedCidrs, DateTimeOffset? expiresAt)
    {
        RateLimits = rateLimits;
        Credits = credits;
        AllowedCidrs = allowedCidrs;
        ExpiresAt = expiresAt;
    }

    /// <summary>No limit at all: what members and unlimited keys carry.</summary>
    public static KeyLimits None { get; } = new([], null, AllowedCidrs.None, null);

    public IReadOnlyList<RateLimit> RateLimits { get; }

    public Credits? Credits { get; }

    public AllowedCidrs AllowedCidrs { get; }

    public DateTimeOffset? ExpiresAt { get; }

    public bool IsNone => RateLimits.Count == 0 && Credits is null && AllowedCidrs.IsEmpty && ExpiresAt is null;

    /// <summary>
    /// Whether these limits are at least as tight as <paramref name="bound"/>'s: each rate limit of the bound is
    /// matched by one here with a limit no larger and a window no shorter; credits no more than the bound's
    /// remaining and a refill no larger (no more often); every network inside one of the bound's; an expiry no later.
    /// </summary>
    public bool IsWithin(KeyLimits bound) =>
        bound.RateLimits.All(own => RateLimits.Any(l => l.Limit <= own.Limit && l.WindowSeconds >= own.WindowSeconds))
        && CreditsWithin(bound.Credits)
        && AllowedCidrs.IsWithin(bound.AllowedCidrs)
        && (bound.ExpiresAt is null || ExpiresAt <= bound.ExpiresAt);

    private bool CreditsWithin(Credits? bound)
    {
        if (bound is null)
        {
            return true;
        }

        if (Credits is null || Credits.Remaining > bound.Remaining)
        {
            return false;
        }

        return Credits.Refill is not { } refill
            || (bound.Refill is { } own && refill.Amount <= own.Amount && (refill.Interval == own.Interval || own.Interval == RefillInterval.Daily));
    }
}
