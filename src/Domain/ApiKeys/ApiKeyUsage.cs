using ApiKeys.Domain.ApiKeys.Governance;
using ApiKeys.Domain.Common;

namespace ApiKeys.Domain.ApiKeys;

/// <summary>
/// A key's usage governance (docs/api.md §9). Stored as plain columns so that the credits ledger can take credits
/// where they are stored with one conditional UPDATE (see <see cref="Credits"/>); <see cref="Usage"/> is the
/// immutable value the rest of the service reads.
/// </summary>
public sealed partial class ApiKey
{
    private List<RateLimit> _rateLimits = [];
    private List<string> _allowedCidrs = [];

    public bool Enabled { get; private set; } = true;

    /// <summary>The <c>meta</c> object as compact JSON text, or <see langword="null"/>.</summary>
    public string? MetaJson { get; private set; }

    /// <summary>Credits left, or <see langword="null"/> for unlimited. Taken by the ledger, not through this object.</summary>
    public long? CreditsRemaining { get; private set; }

    public long? CreditsRefillAmount { get; private set; }

    public RefillInterval? CreditsRefillInterval { get; private set; }

    /// <summary>When <see cref="CreditsRemaining"/> was last set, by the owner or by a refill.</summary>
    public DateTimeOffset? CreditsRefilledAt { get; private set; }

    /// <summary>What <see cref="CreditsRemaining"/> was when last set (by the owner or a refill): what "low" is measured against.</summary>
    public long? CreditsGranted { get; private set; }

    /// <summary>Whether the credits, as stored, are low (<see cref="Governance.Credits.IsLow"/>).</summary>
    public bool CreditsLow => Governance.Credits.IsLow(CreditsRemaining, CreditsGranted);

    public IReadOnlyList<RateLimit> RateLimits => _rateLimits;

    public Credits? Credits => CreditsRemaining is { } remaining
        ? new Credits(remaining, CreditsRefillAmount is { } amount ? new CreditRefill(amount, CreditsRefillInterval ?? RefillInterval.Daily) : null, CreditsRefilledAt ?? CreatedAt)
        : null;

    /// <summary>The key's policy; a key with none of its own shares <see cref="UsagePolicy.Default"/> (a cache of many keys holds one).</summary>
    public UsagePolicy Usage => Enabled && _rateLimits.Count == 0 && CreditsRemaining is null && _allowedCidrs.Count == 0 && MetaJson is null
        ? UsagePolicy.Default
        : new(
        Enabled,
        _rateLimits,
        Credits,
        AllowedCidrsValue,
        MetaJson is null ? null : KeyMeta.FromStored(MetaJson));

    /// <summary>Its rate limits, credits (as stored), networks and expiry: what it covers and whether it counts as a usable owner.</summary>
    public KeyLimits Limits => new(_rateLimits, Credits, AllowedCidrsValue, ExpiresAt);

    /// <summary>Its limits once <paramref name="change"/> is applied (each field <see langword="null"/> keeps the current one).</summary>
    public KeyLimits LimitsAfter(LimitsChange change) => new(
        change.RateLimits ?? _rateLimits,
        change.CreditsSet ? change.Credits : Credits,
        change.AllowedCidrs ?? AllowedCidrsValue,
        change.ExpirySet ? change.ExpiresAt : ExpiresAt);

    private AllowedCidrs AllowedCidrsValue => _allowedCidrs.Count == 0 ? AllowedCidrs.None : AllowedCidrs.FromStored(_allowedCidrs);

    /// <summary>Sets the whole policy of a key being created.</summary>
    public void Govern(UsagePolicy usage, DateTimeOffset now)
    {
        Enabled = usage.Enabled;
        _rateLimits = [.. usage.RateLimits];
        SetCredits(usage.Credits, now);
        _allowedCidrs = [.. usage.AllowedCidrs.Texts];
        MetaJson = usage.Meta?.Json;
    }

    /// <returns>Whether it changed. A disabled key is refused on every request and by verify, until enabled again.</returns>
    public Result<bool> ChangeEnabled(bool enabled, DateTimeOffset now) =>
        Change(Enabled == enabled, () => Enabled = enabled, now);

    public Result<bool> ChangeRateLimits(IReadOnlyList<RateLimit> limits, DateTimeOffset now)
    {
        if (UsagePolicy.CheckRateLimits(limits) is { } problem)
        {
            throw new ArgumentException(problem, nameof(limits));
        }

        return Change(limits.SequenceEqual(_rateLimits), () => _rateLimits = [.. limits], now);
    }

    /// <summary>Sets the credits (<see langword="null"/>: unlimited); the remaining count starts now.</summary>
    public Result<bool> ChangeCredits(Credits? credits, DateTimeOffset now)
    {
        var current = Credits?.At(now);
        var same = current is null ? credits is null : credits is not null && credits.Remaining == current.Remaining && credits.Refill == current.Refill;
        return Change(same, () => SetCredits(credits, now), now);
    }

    public Result<bool> ChangeAllowedCidrs(AllowedCidrs cidrs, DateTimeOffset now) =>
        Change(cidrs.Texts.SequenceEqual(_allowedCidrs, StringComparer.Ordinal), () => _allowedCidrs = [.. cidrs.Texts], now);

    public Result<bool> ChangeMeta(KeyMeta? meta, DateTimeOffset now) =>
        Change(meta?.Json == MetaJson, () => MetaJson = meta?.Json, now);

    private Result<bool> Change(bool same, Action apply, DateTimeOffset now)
    {
        if (IsRevoked)
        {
            return ApiKeyErrors.Revoked;
        }

        if (same)
        {
            return false;
        }

        apply();
        Touch(now);
        return true;
    }

    private void SetCredits(Credits? credits, DateTimeOffset now)
    {
        CreditsRemaining = credits?.Remaining;
        CreditsRefillAmount = credits?.Refill?.Amount;
        CreditsRefillInterval = credits?.Refill?.Interval;
        CreditsRefilledAt = credits is null ? null : now;
        CreditsGranted = credits?.Remaining;
    }
}
