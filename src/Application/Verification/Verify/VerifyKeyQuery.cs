using ApiKeys.Application.Authentication;
using ApiKeys.Domain.Common;
using Mediator;

namespace ApiKeys.Application.Verification.Verify;

/// <summary>
/// Contract §5: may this key do these things on this app? Sent by other services with no credentials of their
/// own; the answer is always a 200 with a code, except for bad input (400) and rate limiting (429).
/// </summary>
public sealed record VerifyKeyQuery(string? Key, string? AppId, IReadOnlyList<string>? Permissions, string? ClientAddress)
    : IQuery<Result<VerifyKeyResponse>>
{
    public override string ToString() => $"VerifyKeyQuery {{ AppId = {AppId} }}";
}

public sealed record VerifyKeyResponse(
    bool Valid,
    string Code,
    string? KeyId,
    string? OrganizationId,
    string? ProjectId,
    IReadOnlyList<string> Permissions,
    DateTimeOffset? ExpiresAt)
{
    /// <summary>The answer for a key that is not (or no longer) usable: no details of it.</summary>
    public static VerifyKeyResponse Invalid(KeyCheckStatus status) => new(false, CodeOf(status), null, null, null, [], null);

    public static string CodeOf(KeyCheckStatus status) => status switch
    {
        KeyCheckStatus.Valid => "VALID",
        KeyCheckStatus.Revoked => "REVOKED",
        KeyCheckStatus.Expired => "EXPIRED",
        KeyCheckStatus.Forbidden => "FORBIDDEN",
        KeyCheckStatus.RateLimited => "RATE_LIMITED",
        _ => "NOT_FOUND",
    };
}
