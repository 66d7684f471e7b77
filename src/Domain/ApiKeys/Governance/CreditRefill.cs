namespace ApiKeys.Domain.ApiKeys.Governance;

/// <summary>A refill rule: <c>remaining</c> is set to <see cref="Amount"/> at each UTC day (or month) boundary.</summary>
public sealed record CreditRefill
{
    public CreditRefill(long amount, RefillInterval interval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(amount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(amount, Credits.MaxAmount);
        Amount = amount;
        Interval = interval;
    }

    public long Amount { get; }

    public RefillInterval Interval { get; }
}
