using ApiKeys.Application.Abstractions;
using ApiKeys.Application.Common;
using ApiKeys.Application.Common.Security;
using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.ApiKeys.Governance;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;
using Riok.Mapperly.Abstractions;

namespace ApiKeys.Application.ApiKeys.Common;

[Mapper(RequiredMappingStrategy = RequiredMappingStrategy.Target)]
internal static partial class ApiKeyMapping
{
    [MapperIgnoreTarget(nameof(ApiKeyResponse.Key))]
    [MapperIgnoreTarget(nameof(ApiKeyResponse.IsActive))]
    [MapperIgnoreTarget(nameof(ApiKeyResponse.RateLimits))]
    [MapperIgnoreTarget(nameof(ApiKeyResponse.Credits))]
    [MapperIgnoreTarget(nameof(ApiKeyResponse.AllowedCidrs))]
    [MapperIgnoreTarget(nameof(ApiKeyResponse.Meta))]
    [MapperIgnoreTarget(nameof(ApiKeyResponse.PreviousSecretExpiresAt))]
    [MapProperty("Secret.KeyPrefix", nameof(ApiKeyResponse.KeyPrefix))]
    [MapPropertyFromSource(nameof(ApiKeyResponse.Mode), Use = nameof(ModeName))]
    [MapPropertyFromSource(nameof(ApiKeyResponse.OrgRole), Use = nameof(OrgRoleName))]
    [MapPropertyFromSource(nameof(ApiKeyResponse.AppRoles), Use = nameof(AppRoles))]
    [MapPropertyFromSource(nameof(ApiKeyResponse.Scopes), Use = nameof(Scopes))]
    [MapPropertyFromSource(nameof(ApiKeyResponse.ProjectId), Use = nameof(ProjectId))]
    [MapPropertyFromSource(nameof(ApiKeyResponse.LimitedToApps), Use = nameof(LimitedToApps))]
    [MapPropertyFromSource(nameof(ApiKeyResponse.LimitedToOrgs), Use = nameof(LimitedToOrgs))]
    private static partial ApiKeyResponse ToResponse(ApiKey key);

    /// <summary>The whole api_key object but its secret, as of <paramref name="now"/>: what responses and events carry.</summary>
    public static ApiKeyResponse Describe(ApiKey key, DateTimeOffset now) => ToResponse(key) with
    {
        RateLimits = [.. key.RateLimits.Select(l => new RateLimitResponse(l.Name, l.Limit, l.WindowSeconds))],
        Credits = key.Credits?.At(now) is { } credits
            ? new CreditsResponse(credits.Remaining, credits.Refill is { } refill ? new CreditRefillResponse(refill.Amount, refill.Interval.ToText()) : null)
            : null,
        AllowedCidrs = key.Usage.AllowedCidrs.Texts,
        Meta = key.MetaJson is null ? null : KeyMeta.FromStored(key.MetaJson).ToJsonObject(),
        IsActive = key.IsActive(now),
        PreviousSecretExpiresAt = key.Secret.PreviousSecretExpiresAt > now && !key.IsRevoked ? key.Secret.PreviousSecretExpiresAt : null,
    };

    // The contract's api_key object is flat: each kind's fields are null or empty on a key of the other kind.
    private static string? ModeName(ApiKey key) => (key.Grant as LegacyGrant)?.Mode.ToText();

    private static string OrgRoleName(ApiKey key) => RoleNames.OrgRole((key.Grant as RbacGrant)?.OrgRole?.Name);

    private static IReadOnlyList<AppRoleResponse> AppRoles(ApiKey key) => RoleNames.AppRoles((key.Grant as RbacGrant)?.AppRoles ?? []);

    private static IReadOnlyList<string> Scopes(ApiKey key) => (key.Grant as RbacGrant)?.Scopes ?? [];

    private static string? ProjectId(ApiKey key) => (key.Grant as RbacGrant)?.ProjectId;

    private static IReadOnlyList<string> LimitedToApps(ApiKey key) => (key.Grant as LegacyGrant)?.LimitedToApps ?? [];

    private static IReadOnlyList<string> LimitedToOrgs(ApiKey key) => (key.Grant as LegacyGrant)?.LimitedToOrgs ?? [];

    private static string KindName(ApiKeyKind kind) => kind == ApiKeyKind.Legacy ? "legacy" : "rbac";

    private static string IdText(ApiKeyId id) => id.ToString();

    private static string OrgIdText(OrganizationId id) => id.ToString();
}

/// <summary>
/// Turns a key into its response: the generated mapping plus what needs the clock, the key ring or the caller. A
/// plain key's secret is shown only to a caller that covers the key (docs/api.md §2): reading it is taking its power.
/// </summary>
public sealed class ApiKeyPresenter(ISecretProtector protector, AuthorizedCaller caller, TimeProvider time)
{
    public ApiKeyResponse Present(ApiKey key) => ApiKeyMapping.Describe(key, time.Now()) with
    {
        Key = key.Secure || key.Secret.EncryptedToken is null || key.IsRevoked || !caller.Access.Covers(key.ToAccess())
            ? null
            : protector.Unprotect(key.Secret.EncryptedToken),
    };
}
