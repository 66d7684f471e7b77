namespace ApiKeys.Domain.Common;

public static class Clock
{
    /// <summary>
    /// The current instant, truncated to whole milliseconds so that every database provider
    /// (PostgreSQL keeps microseconds, SQLite a number) stores and returns exactly what was written.
    /// </summary>
    public static DateTimeOffset Now(this TimeProvider time)
    {
        var now = time.GetUtcNow();
        return new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
    }
}
