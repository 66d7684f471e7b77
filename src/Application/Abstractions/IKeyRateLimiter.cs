using ApiKeys.Domain.ApiKeys.Governance;
using ApiKeys.Domain.Common;

namespace ApiKeys.Application.Abstractions;

/// <summary>
/// Counts a key's rate limits: in memory on one node, in Redis when <c>Redis__Configuration</c> is set, so every
/// node sees the same counts (each node spending batches it claimed from Redis, so a verify rarely waits for it).
/// </summary>
public interface IKeyRateLimiter
{
    /// <summary>
    /// Takes <paramref name="cost"/> from every one of <paramref name="limits"/> at once, or from none when any of
    /// them has less left (all or nothing). A cost of 0 only reads.
    /// </summary>
    ValueTask<RateLimitVerdict> TakeAsync(ApiKeyId key, IReadOnlyList<RateLimit> limits, long cost, CancellationToken cancellationToken);
}

/// <param name="Allowed">Whether the units were taken.</param>
/// <param name="Tightest">The limit with the least left after this call (the refusing one when refused); <see langword="null"/> without limits.</param>
/// <param name="RetryAfter">When refused: when the same request can succeed (the refusing window's end).</param>
public sealed record RateLimitVerdict(bool Allowed, RateLimitState? Tightest, TimeSpan? RetryAfter)
{
    public static RateLimitVerdict Unlimited { get; } = new(true, null, null);
}

/// <summary>A limit as verify reports it (docs/api.md §5 <c>rate_limit</c>) and the <c>RateLimit</c> headers carry it.</summary>
public sealed record RateLimitState(string Name, long Limit, long Remaining, DateTimeOffset ResetAt, int WindowSeconds);
