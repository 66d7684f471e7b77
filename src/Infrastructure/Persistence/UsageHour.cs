using ApiKeys.Application.Abstractions;
using ApiKeys.Domain.Common;

namespace ApiKeys.Infrastructure.Persistence;

/// <summary>
/// One key's usage counts in one UTC hour (docs/api.md §9). Nodes add to it, never overwrite it: several nodes may
/// write the same hour. No foreign key to <c>api_keys</c>: counts are history, and a flush must never fail on them.
/// </summary>
public sealed class UsageHour
{
    public ApiKeyId ApiKeyId { get; private set; }

    public DateTimeOffset HourStart { get; private set; }

    public long Valid { get; private set; }

    public long Rejected { get; private set; }

    public long RateLimited { get; private set; }

    public long UsageExceeded { get; private set; }

    public UsageCounts Counts => new(Valid, Rejected, RateLimited, UsageExceeded);

    public static UsageHour For(ApiKeyId keyId, DateTimeOffset hourStart, UsageCounts counts) => new()
    {
        ApiKeyId = keyId,
        HourStart = hourStart,
        Valid = counts.Valid,
        Rejected = counts.Rejected,
        RateLimited = counts.RateLimited,
        UsageExceeded = counts.UsageExceeded,
    };
}
