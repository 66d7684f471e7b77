namespace ApiKeys.Application.Abstractions;

/// <summary>
/// The counts of one usage bucket (docs/api.md §9): <see cref="Rejected"/> counts every outcome but
/// <see cref="UsageOutcome.Valid"/>, so <see cref="RateLimited"/> and <see cref="UsageExceeded"/> are part of it.
/// </summary>
public readonly record struct UsageCounts(long Valid, long Rejected, long RateLimited, long UsageExceeded)
{
    public static UsageCounts Of(UsageOutcome outcome) => outcome switch
    {
        UsageOutcome.Valid => new(1, 0, 0, 0),
        UsageOutcome.RateLimited => new(0, 1, 1, 0),
        UsageOutcome.UsageExceeded => new(0, 1, 0, 1),
        _ => new(0, 1, 0, 0),
    };

    public bool IsEmpty => Valid == 0 && Rejected == 0 && RateLimited == 0 && UsageExceeded == 0;

    public static UsageCounts operator +(UsageCounts left, UsageCounts right) =>
        new(left.Valid + right.Valid, left.Rejected + right.Rejected, left.RateLimited + right.RateLimited, left.UsageExceeded + right.UsageExceeded);
}
