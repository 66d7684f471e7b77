using ApiKeys.Application.ApiKeys.Common;
using ApiKeys.Domain.Authorization;

namespace ApiKeys.Application.Common;

/// <summary>How roles read in response bodies: <c>none</c>/<c>member</c>/<c>admin</c>/<c>owner</c>, and <c>{app_id, role}</c> with <c>reader</c>….</summary>
public static class RoleNames
{
    public static string OrgRole(string? catalogName) => catalogName is null ? Roles.NoOrgRole : Roles.ByName(catalogName).ShortName;

    public static string OrgRole(Role? role) => role?.ShortName ?? Roles.NoOrgRole;

    public static IReadOnlyList<AppRoleResponse> AppRoles(IEnumerable<AppRoleBinding> bindings) =>
        [.. bindings.Select(b => new AppRoleResponse(b.AppId, b.ToRole().ShortName))];
}
