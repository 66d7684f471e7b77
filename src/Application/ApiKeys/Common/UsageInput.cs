using System.Text.Json.Nodes;
using ApiKeys.Domain.ApiKeys.Governance;

namespace ApiKeys.Application.ApiKeys.Common;

/// <summary>
/// The docs/api.md §9 fields as a client sends them on create or <c>PATCH</c>. A <see langword="null"/> field is left alone
/// (on create: the default); <see cref="CreditsSet"/> and <see cref="MetaSet"/> tell a <c>null</c> sent (unlimited
/// credits, no meta) from a field not sent.
/// </summary>
public sealed record UsageInput(
    bool? Enabled = null,
    IReadOnlyList<RateLimitInput>? RateLimits = null,
    bool CreditsSet = false,
    CreditsInput? Credits = null,
    IReadOnlyList<string>? AllowedCidrs = null,
    bool MetaSet = false,
    JsonObject? Meta = null)
{
    public static UsageInput None { get; } = new();

    public bool IsEmpty => Enabled is null && RateLimits is null && !CreditsSet && AllowedCidrs is null && !MetaSet;

    /// <summary>docs/api.md §2: enabling, disabling, limits, credits and networks need covering the key; <c>meta</c> does not.</summary>
    public bool NeedsCovering => Enabled is not null || RateLimits is not null || CreditsSet || AllowedCidrs is not null;

    /// <summary>The policy of a new key: what was sent, the defaults for the rest. Call after validation.</summary>
    public UsagePolicy ToPolicy(DateTimeOffset now) => new(
        Enabled ?? true,
        ToRateLimits() ?? [],
        CreditsSet ? ToCredits(now) : null,
        ToAllowedCidrs() ?? Domain.ApiKeys.Governance.AllowedCidrs.None,
        MetaSet ? ToMeta() : null);

    /// <summary>The limits of a new key with these fields and <paramref name="expiresAt"/>. Call after validation.</summary>
    public KeyLimits ToLimits(DateTimeOffset? expiresAt, DateTimeOffset now) => ToPolicy(now).LimitsUntil(expiresAt);

    /// <summary>The change of limits these fields and the expiry (when <paramref name="expirySet"/>) ask of an existing key. Call after validation.</summary>
    public LimitsChange ToLimitsChange(bool expirySet, DateTimeOffset? expiresAt, DateTimeOffset now) =>
        new(ToRateLimits(), CreditsSet, CreditsSet ? ToCredits(now) : null, ToAllowedCidrs(), expirySet, expiresAt);

    public IReadOnlyList<RateLimit>? ToRateLimits() =>
        RateLimits?.Select(l => new RateLimit(l.Name!, l.Limit!.Value, (int)l.WindowSeconds!.Value)).ToList();

    public Credits? ToCredits(DateTimeOffset now) => Credits is null
        ? null
        : new Credits(
            Credits.Remaining!.Value,
            Credits.Refill is { } refill && RefillIntervals.TryParse(refill.Interval, out var interval) ? new CreditRefill(refill.Amount!.Value, interval) : null,
            now);

    public AllowedCidrs? ToAllowedCidrs() =>
        AllowedCidrs is null ? null
        : Domain.ApiKeys.Governance.AllowedCidrs.TryParse(AllowedCidrs, out var cidrs, out var error) ? cidrs
        : throw new ArgumentException(error, nameof(AllowedCidrs));

    public KeyMeta? ToMeta() => Meta is null ? null : KeyMeta.TryCreate(Meta, out var meta) ? meta : throw new ArgumentException(KeyMeta.InvalidMessage, nameof(Meta));
}

/// <summary><c>{"name": "per-minute", "limit": 100, "window_seconds": 60}</c>.</summary>
public sealed record RateLimitInput(string? Name, long? Limit, long? WindowSeconds);

/// <summary><c>{"remaining": 50, "refill": {"amount": 50, "interval": "monthly"} | null}</c>.</summary>
public sealed record CreditsInput(long? Remaining, RefillInput? Refill);

public sealed record RefillInput(long? Amount, string? Interval);
