using Microsoft.Extensions.Internal;

namespace ApiKeys.AspNetCore;

/// <summary>MemoryCache's clock read from the host's <see cref="TimeProvider"/>, so that cache lifetimes follow it (and a test's fake).</summary>
internal sealed class TimeProviderClock(TimeProvider time) : ISystemClock
{
    public DateTimeOffset UtcNow => time.GetUtcNow();
}
