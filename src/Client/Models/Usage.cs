namespace ApiKeys.Client.Models;

/// <summary>One hour or day of a key's usage (UTC): <see cref="Rejected"/> counts every outcome but valid.</summary>
public sealed record UsageBucket(DateTimeOffset Start, long Valid, long Rejected, long RateLimited, long UsageExceeded);

/// <summary>Which buckets to read: <see cref="Granularity"/> is <c>hour</c> (default) or <c>day</c>; the service defaults to the last 7 days.</summary>
public sealed record UsageQuery(DateTimeOffset? From = null, DateTimeOffset? To = null, string? Granularity = null);
