using ApiKeys.Domain.Common;

namespace ApiKeys.Application.Abstractions;

/// <summary>
/// Counts each key's verifications and requests per hour (docs/api.md §9 usage): in memory, written in batches like
/// <c>last_used_at</c>, never a write per request. Recording never blocks and never throws.
/// </summary>
public interface IUsageCounter
{
    void Record(ApiKeyId key, UsageOutcome outcome);
}

/// <summary>The columns of a usage bucket: every outcome that is not <see cref="Valid"/> is also counted as rejected.</summary>
public enum UsageOutcome
{
    Valid,
    Rejected,
    RateLimited,
    UsageExceeded,
}
