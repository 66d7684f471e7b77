namespace ApiKeys.Domain.ApiKeys.Governance;

/// <summary>How often a key's credits are refilled: at each UTC day or month boundary.</summary>
public enum RefillInterval
{
    Daily,
    Monthly,
}

public static class RefillIntervals
{
    public const string InvalidMessage = "credits.refill.interval must be one of: daily, monthly.";

    public static string ToText(this RefillInterval interval) => interval == RefillInterval.Daily ? "daily" : "monthly";

    public static bool TryParse(string? text, out RefillInterval interval)
    {
        switch (text)
        {
            case "daily":
                interval = RefillInterval.Daily;
                return true;
            case "monthly":
                interval = RefillInterval.Monthly;
                return true;
            default:
                interval = default;
                return false;
        }
    }

    /// <summary>The last UTC boundary at or before <paramref name="now"/>: midnight of its day, or the first of its month.</summary>
    public static DateTimeOffset LastBoundary(this RefillInterval interval, DateTimeOffset now)
    {
        var utc = now.UtcDateTime;
        return interval == RefillInterval.Daily
            ? new DateTimeOffset(utc.Year, utc.Month, utc.Day, 0, 0, 0, TimeSpan.Zero)
            : new DateTimeOffset(utc.Year, utc.Month, 1, 0, 0, 0, TimeSpan.Zero);
    }

    /// <summary>The first UTC boundary after <paramref name="now"/>.</summary>
    public static DateTimeOffset NextBoundary(this RefillInterval interval, DateTimeOffset now)
    {
        var last = interval.LastBoundary(now);
        return interval == RefillInterval.Daily ? last.AddDays(1) : last.AddMonths(1);
    }
}
