namespace ApiKeys.Domain.ApiKeys.Governance;

/// <summary>
/// A key's credits (docs/api.md §9): each verify takes its <c>cost</c>, at 0 verify answers <c>USAGE_EXCEEDED</c>.
/// A refill is applied lazily: <see cref="RefilledAt"/> is the instant <see cref="Remaining"/> was last set (by
/// the owner or by a refill), and once a boundary of the refill interval lies after it, <see cref="Remaining"/>
/// is <see cref="CreditRefill.Amount"/> again. The stored ledger applies the same rule in SQL when it takes, so
/// credits are taken where they are stored and never read-modify-written by a node.
/// </summary>
public sealed record Credits
{
    public const long MaxAmount = 1_000_000_000_000;

    public Credits(long remaining, CreditRefill? refill, DateTimeOffset refilledAt)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(remaining);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(remaining, MaxAmount);
        Remaining = remaining;
        Refill = refill;
        RefilledAt = refilledAt;
    }

    public long Remaining { get; }

    public CreditRefill? Refill { get; }

    public DateTimeOffset RefilledAt { get; }

    /// <summary>The boundary after which <see cref="Remaining"/> is refilled, when a refill is due at <paramref name="now"/>.</summary>
    public DateTimeOffset? DueRefill(DateTimeOffset now) =>
        Refill is { } refill && refill.Interval.LastBoundary(now) is var boundary && boundary > RefilledAt ? boundary : null;

    /// <summary>These credits as they stand at <paramref name="now"/>: refilled when a boundary passed.</summary>
    public Credits At(DateTimeOffset now) =>
        DueRefill(now) is { } boundary ? new Credits(Refill!.Amount, Refill, boundary) : this;

    /// <summary>When the next refill happens after <paramref name="now"/>, if any.</summary>
    public DateTimeOffset? NextRefill(DateTimeOffset now) => Refill?.Interval.NextBoundary(now);

    /// <summary>
    /// What a verify of <paramref name="cost"/> needs left: the cost, and at least one for a cost of 0 (which checks
    /// without taking, and so still answers <c>USAGE_EXCEEDED</c> at 0).
    /// </summary>
    public static long NeededFor(long cost) => Math.Max(cost, 1);

    /// <summary>Credits are low at or below this share of what was granted (the owner's last value, or the refill amount).</summary>
    public const int LowPercent = 10;

    /// <summary>Whether <paramref name="remaining"/> is at or below <see cref="LowPercent"/> % of <paramref name="granted"/> (never when nothing was granted).</summary>
    public static bool IsLow(long? remaining, long? granted) =>
        remaining is { } left && granted is > 0 && left * 100 <= granted.Value * LowPercent;
}
