using ApiKeys.Application.Abstractions;
using ApiKeys.Application.Common;
using ApiKeys.Application.Common.Security;
using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;
using Riok.Mapperly.Abstractions;

namespace ApiKeys.Application.ApiKeys.Common;

[Mapper(RequiredMappingStrategy = RequiredMappingStrategy.Target)]
internal static partial class ApiKeyMapping
{
    [MapperIgnoreTarget(nameof(ApiKeyResponse.Key))]
    [MapperIgnoreTarget(nameof(ApiKeyResponse.IsActive))]
    [MapProperty(nameof(ApiKey.OrgRole), nameof(ApiKeyResponse.OrgRole), Use = nameof(OrgRoleName))]
    public static partial ApiKeyResponse ToResponse(ApiKey key);

    private static IReadOnlyList<AppRoleResponse> AppRoles(IReadOnlyList<AppRoleBinding> bindings) => RoleNames.AppRoles(bindings);

    private static string OrgRoleName(string? role) => RoleNames.OrgRole(role);

    private static string KindName(ApiKeyKind kind) => kind == ApiKeyKind.Legacy ? "legacy" : "rbac";

    private static string? ModeName(LegacyMode? mode) => mode?.ToText();

    private static string IdText(ApiKeyId id) => id.ToString();

    private static string OrgIdText(OrganizationId id) => id.ToString();
}

/// <summary>
/// Turns a key into its response: the generated mapping plus what needs the clock, the key ring or the caller. A
/// plain key's secret is shown only to a caller that covers the key (contract §2): reading it is taking its power.
/// </summary>
public sealed class ApiKeyPresenter(ISecretProtector protector, AuthorizedCaller caller, TimeProvider time)
{
    public ApiKeyResponse Present(ApiKey key) => ApiKeyMapping.ToResponse(key) with
    {
        Key = key.Secure || key.EncryptedToken is null || key.IsRevoked || !caller.Access.Covers(key.ToAccess())
            ? null
            : protector.Unprotect(key.EncryptedToken),
        IsActive = key.IsActive(time.Now()),
    };
}
