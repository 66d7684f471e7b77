namespace ApiKeys.Infrastructure.ChangeFeed;

/// <summary>Settings of the change feed (section <c>ChangeFeed</c>).</summary>
public sealed class ChangeFeedOptions
{
    public const string Section = "ChangeFeed";

    public int PollIntervalMilliseconds { get; set; } = 1000;

    public int RetentionSeconds { get; set; } = 3600;
}
