namespace ApiKeys.Domain.ApiKeys.Governance;

/// <summary>
/// How a key may be used (docs/api.md §9): whether it is enabled, its rate limits, its credits, the networks it may be
/// used from and the meta verify returns. Immutable, so the verified-key cache can carry it and the warm path asks
/// no database about it; only credits are taken where they are stored.
/// </summary>
public sealed record UsagePolicy
{
    public const int MaxRateLimitNameLength = 64;

    public UsagePolicy(bool enabled, IReadOnlyList<RateLimit> rateLimits, Credits? credits, AllowedCidrs allowedCidrs, KeyMeta? meta)
    {
        if (CheckRateLimits(rateLimits) is { } problem)
        {
            throw new ArgumentException(problem, nameof(rateLimits));
        }

        Enabled = enabled;
        RateLimits = [.. rateLimits];
        Credits = credits;
        AllowedCidrs = allowedCidrs;
        Meta = meta;
    }

    /// <summary>A new key's: enabled, no limits, unlimited credits, any address, no meta.</summary>
    public static UsagePolicy Default { get; } = new(true, [], null, AllowedCidrs.None, null);

    public bool Enabled { get; }

    public IReadOnlyList<RateLimit> RateLimits { get; }

    public Credits? Credits { get; }

    public AllowedCidrs AllowedCidrs { get; }

    public KeyMeta? Meta { get; }

    /// <summary>Nothing to check or take beyond the key itself: the warm path pays for nothing.</summary>
    public bool IsUnrestricted => Enabled && RateLimits.Count == 0 && Credits is null && AllowedCidrs.IsEmpty;

    /// <summary>The limits of a key with this policy that expires at <paramref name="expiresAt"/>.</summary>
    public KeyLimits LimitsUntil(DateTimeOffset? expiresAt) => new(RateLimits, Credits, AllowedCidrs, expiresAt);

    /// <summary>A rate limit name: 1 to 64 ASCII letters, digits, spaces and <c>_ - . : /</c> (it is written in the RateLimit headers).</summary>
    public static bool IsValidRateLimitName(string? name) =>
        !string.IsNullOrWhiteSpace(name) && name.Length <= MaxRateLimitNameLength && name == name.Trim()
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is ' ' or '_' or '-' or '.' or ':' or '/');

    /// <returns>What is wrong with <paramref name="limits"/> as a key's rate limits, or <see langword="null"/>.</returns>
    public static string? CheckRateLimits(IReadOnlyList<RateLimit> limits)
    {
        if (limits.Count > RateLimit.MaxPerKey)
        {
            return $"A key has at most {RateLimit.MaxPerKey} rate limits.";
        }

        foreach (var limit in limits)
        {
            if (!IsValidRateLimitName(limit.Name))
            {
                return "A rate limit name is 1 to 64 ASCII letters, digits, spaces and _ - . : /.";
            }

            if (limit.Limit is < 1 or > RateLimit.MaxLimit)
            {
                return $"A rate limit's limit is 1 to {RateLimit.MaxLimit}.";
            }

            if (limit.WindowSeconds is < 1 or > RateLimit.MaxWindowSeconds)
            {
                return $"A rate limit's window_seconds is 1 to {RateLimit.MaxWindowSeconds}.";
            }
        }

        return limits.Select(l => l.Name).Distinct(StringComparer.Ordinal).Count() == limits.Count ? null : "Rate limit names are unique per key.";
    }
}
