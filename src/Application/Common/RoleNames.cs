using ApiKeys.Application.ApiKeys.Common;
using ApiKeys.Domain.Authorization;

namespace ApiKeys.Application.Common;

/// <summary>How roles read in response bodies: the catalog names (<c>org_owner</c>, <c>app_reader</c>, …) and <c>none</c> (docs/api.md §3).</summary>
public static class RoleNames
{
    public static string OrgRole(string? catalogName) => catalogName is null ? Roles.NoOrgRole : Roles.ByName(catalogName).Name;

    public static string OrgRole(Role? role) => role?.Name ?? Roles.NoOrgRole;

    public static IReadOnlyList<AppRoleResponse> AppRoles(IEnumerable<AppRoleBinding> bindings) =>
        [.. bindings.Select(b => new AppRoleResponse(b.AppId, b.ToRole().Name))];
}
