using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using ApiKeys.Application.Abstractions;
using ApiKeys.Application.KeyChecking;
using ApiKeys.Application.Common.Security;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;
using Mediator;

namespace ApiKeys.Application.Verification.Verify;

/// <summary>
/// docs/api.md §5: may this key do these things on this app? Sent by another service with its own credential
/// holding <c>apikey.verify</c> in <see cref="OrganizationId"/>; only keys of that organization can be valid. The
/// answer is a 200 with a code, except for bad input (400), no or a weak caller (401/403) and rate limiting (429).
/// </summary>
/// <param name="ClientIp">The address of the end client the calling service serves, when it tells it.</param>
/// <param name="Cost">What this verification takes from each rate limit and from the credits (default 1; 0 checks without taking).</param>
public sealed record VerifyKeyQuery(OrganizationId OrganizationId, string? Key, string? AppId, IReadOnlyList<string>? Permissions, string? ClientIp, long? Cost = null)
    : IQuery<Result<VerifyKeyResponse>>, IRequirePermission
{
    public string RequiredPermission => Permission.ApiKeyVerify;

    public override string ToString() => $"VerifyKeyQuery {{ OrganizationId = {OrganizationId}, AppId = {AppId} }}";
}

/// <param name="RateLimit">The tightest of the key's rate limits (docs/api.md §9), or <see langword="null"/>.</param>
public sealed record VerifyKeyResponse(
    bool Valid,
    string Code,
    string? KeyId,
    string? OrganizationId,
    string? ProjectId,
    IReadOnlyList<string> Permissions,
    DateTimeOffset? ExpiresAt,
    JsonObject? Meta = null,
    long? CreditsRemaining = null,
    VerifyRateLimit? RateLimit = null)
{
    /// <summary>The one instance that answers every plain verify of a cached key (its serialized bytes may be kept with it).</summary>
    [JsonIgnore]
    public bool IsShared { get; internal init; }

    /// <summary>The answer for a key that is not (or no longer) usable: no details of it.</summary>
    public static VerifyKeyResponse Invalid(KeyCheckStatus status) => new(false, CodeOf(status), null, null, null, [], null);

    public static string CodeOf(KeyCheckStatus status) => status switch
    {
        KeyCheckStatus.Valid => "VALID",
        KeyCheckStatus.Revoked => "REVOKED",
        KeyCheckStatus.Expired => "EXPIRED",
        KeyCheckStatus.Forbidden => "FORBIDDEN",
        KeyCheckStatus.RateLimited => "RATE_LIMITED",
        KeyCheckStatus.Disabled => "DISABLED",
        KeyCheckStatus.UsageExceeded => "USAGE_EXCEEDED",
        KeyCheckStatus.IpNotAllowed => "IP_NOT_ALLOWED",
        _ => "NOT_FOUND",
    };
}

public sealed record VerifyRateLimit(string Name, long Limit, long Remaining, DateTimeOffset ResetAt);
