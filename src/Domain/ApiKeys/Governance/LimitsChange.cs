namespace ApiKeys.Domain.ApiKeys.Governance;

/// <summary>
/// A change to a key's limits as a request asks for it, before it is applied: checked against the caller's own limits
/// first, so that a refusal changes nothing. A <see langword="null"/> list keeps the current one; the flags tell an
/// unlimited value sent (<c>credits: null</c>, <c>expires_at: null</c>) from a field not sent.
/// </summary>
public sealed record LimitsChange(
    IReadOnlyList<RateLimit>? RateLimits = null,
    bool CreditsSet = false,
    Credits? Credits = null,
    AllowedCidrs? AllowedCidrs = null,
    bool ExpirySet = false,
    DateTimeOffset? ExpiresAt = null)
{
    public bool IsEmpty => RateLimits is null && !CreditsSet && AllowedCidrs is null && !ExpirySet;
}
