namespace ApiKeys.Infrastructure.ChangeFeed;

/// <summary>Settings of the change feed (section <c>ChangeFeed</c>).</summary>
public sealed class ChangeFeedOptions
{
    public const string Section = "ChangeFeed";

    public int PollIntervalMilliseconds { get; set; } = 1000;

    public int RetentionSeconds { get; set; } = 3600;

    /// <summary>
    /// How long a number missing among the newest rows may still be a transaction in flight: <c>key-changes</c>
    /// answers nothing past it until it fills or is this old.
    /// </summary>
    public int SettleMilliseconds { get; set; } = 2000;
}
