using ApiKeys.Domain.ApiKeys.Governance;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;

namespace ApiKeys.Application.KeyChecking;

/// <summary>What a verified token stands for: small, immutable, and safe to cache (no secret inside).</summary>
public sealed record AuthenticatedKey(
    ApiKeyId Id,
    OrganizationId OrganizationId,
    Access Access,
    string? ProjectId,
    DateTimeOffset? ExpiresAt,
    /// <summary>When the token stops working even if nothing changes: its expiry, or the end of a grace period.</summary>
    DateTimeOffset? ValidUntil,
    /// <summary>Its usage governance (docs/api.md §9) as of the read: the warm path decides from it without the database.</summary>
    UsagePolicy? Usage = null)
{
    /// <summary>The key's policy; <see cref="UsagePolicy.Default"/> when none was read.</summary>
    public UsagePolicy Policy => Usage ?? UsagePolicy.Default;

    public bool IsExpired(DateTimeOffset now) => ValidUntil <= now;
}

/// <summary>The verify codes of docs/api.md §5, which authentication shares.</summary>
public enum KeyCheckStatus
{
    Valid,
    NotFound,
    Revoked,
    Expired,
    Forbidden,
    RateLimited,

    /// <summary>docs/api.md §9: the key is disabled (verify <c>DISABLED</c>; the key's own requests 401).</summary>
    Disabled,

    /// <summary>docs/api.md §9: the key's credits are spent (verify <c>USAGE_EXCEEDED</c>).</summary>
    UsageExceeded,

    /// <summary>docs/api.md §9: the client address is outside the key's <c>allowed_cidrs</c> (verify <c>IP_NOT_ALLOWED</c>).</summary>
    IpNotAllowed,

    /// <summary>The verification pool is saturated: answered 503 with Retry-After, never queued without bound.</summary>
    Unavailable,
}

/// <param name="MatchedHash">The stored hash the token matched: lets a cache recognise the same token later without Argon2.</param>
/// <param name="RefusedKeyOrganizationId">For a revoked or expired key: its organization, so that verify tells those codes only to that organization.</param>
/// <param name="RetryAfter">For load shedding (rate limited, unavailable): when the same request can succeed.</param>
public sealed record KeyCheck(
    KeyCheckStatus Status,
    AuthenticatedKey? Key = null,
    string? MatchedHash = null,
    OrganizationId? RefusedKeyOrganizationId = null,
    TimeSpan? RetryAfter = null)
{
    public static KeyCheck NotFound { get; } = new(KeyCheckStatus.NotFound);

    public static KeyCheck RevokedIn(OrganizationId organizationId) => new(KeyCheckStatus.Revoked, RefusedKeyOrganizationId: organizationId);

    public static KeyCheck ExpiredIn(OrganizationId organizationId) => new(KeyCheckStatus.Expired, RefusedKeyOrganizationId: organizationId);

    public static KeyCheck RateLimited { get; } = new(KeyCheckStatus.RateLimited);

    public static KeyCheck Unavailable { get; } = new(KeyCheckStatus.Unavailable);

    public bool IsValid => Status == KeyCheckStatus.Valid;

    /// <summary>The organization of the key the token belongs to, when the token was recognised at all.</summary>
    public OrganizationId? KeyOrganizationId => Key?.OrganizationId ?? RefusedKeyOrganizationId;

    public static KeyCheck RateLimitedFor(TimeSpan retryAfter) => new(KeyCheckStatus.RateLimited, RetryAfter: retryAfter);

    public static KeyCheck UnavailableFor(TimeSpan retryAfter) => new(KeyCheckStatus.Unavailable, RetryAfter: retryAfter);
}
