namespace ApiKeys.Domain.Webhooks;

/// <summary>
/// When a failed delivery is tried again: exponential backoff (<see cref="First"/>, then five times longer each
/// time, at most an hour apart) with ±20 % jitter so that the retries of one outage do not arrive together, until
/// 24 hours after the event.
/// </summary>
/// <param name="First">The first retry's delay (5 s by default; tests shorten it).</param>
public sealed record RetrySchedule(TimeSpan First)
{
    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromHours(24);

    private static readonly TimeSpan Longest = TimeSpan.FromHours(1);

    public static RetrySchedule Default { get; } = new(TimeSpan.FromSeconds(5));

    /// <param name="failedAttempts">Attempts made so far, all failed (1 after the first).</param>
    /// <param name="jitter">A number in [0, 1): where in the ±20 % band this retry falls.</param>
    /// <returns>The next attempt's time, or <see langword="null"/> when the 24 hours are over.</returns>
    public DateTimeOffset? NextAttempt(int failedAttempts, DateTimeOffset createdAt, DateTimeOffset now, double jitter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failedAttempts, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(jitter);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(jitter, 1);
        var exponential = First.TotalSeconds * Math.Pow(5, Math.Min(failedAttempts - 1, 10));
        var delay = TimeSpan.FromSeconds(Math.Min(exponential, Longest.TotalSeconds) * (0.8 + (0.4 * jitter)));
        var next = now + delay;
        return next - createdAt > GiveUpAfter ? null : next;
    }
}
