using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;

namespace ApiKeys.Application.Authentication;

/// <summary>What a verified token stands for: small, immutable, and safe to cache (no secret inside).</summary>
public sealed record AuthenticatedKey(
    ApiKeyId Id,
    OrganizationId OrganizationId,
    Access Access,
    string? ProjectId,
    DateTimeOffset? ExpiresAt,
    /// <summary>When the token stops working even if nothing changes: its expiry, or the end of a grace period.</summary>
    DateTimeOffset? ValidUntil)
{
    public bool IsExpired(DateTimeOffset now) => ValidUntil <= now;
}

/// <summary>The verify codes of contract §5, which authentication shares.</summary>
public enum KeyCheckStatus
{
    Valid,
    NotFound,
    Revoked,
    Expired,
    Forbidden,
    RateLimited,

    /// <summary>The verification pool is saturated: answered 503 with Retry-After, never queued without bound.</summary>
    Unavailable,
}

/// <param name="MatchedHash">The stored hash the token matched: lets a cache recognise the same token later without Argon2.</param>
public sealed record KeyCheck(KeyCheckStatus Status, AuthenticatedKey? Key = null, string? MatchedHash = null)
{
    public static KeyCheck NotFound { get; } = new(KeyCheckStatus.NotFound);

    public static KeyCheck Revoked { get; } = new(KeyCheckStatus.Revoked);

    public static KeyCheck Expired { get; } = new(KeyCheckStatus.Expired);

    public static KeyCheck RateLimited { get; } = new(KeyCheckStatus.RateLimited);

    public static KeyCheck Unavailable { get; } = new(KeyCheckStatus.Unavailable);

    public bool IsValid => Status == KeyCheckStatus.Valid;
}
