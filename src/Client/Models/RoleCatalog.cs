namespace ApiKeys.Client.Models;

/// <summary><c>GET /v1/roles</c>: the role catalogue and what the caller may grant in <see cref="OrganizationId"/>.</summary>
public sealed record RoleCatalog(
    string? OrganizationId,
    IReadOnlyList<RoleDefinition> OrgRoles,
    IReadOnlyList<RoleDefinition> AppRoles,
    IReadOnlyList<LegacyModeDefinition> LegacyModes,
    PermissionScopes Scopes,
    GrantableRoles Grantable);

public sealed record RoleDefinition(string Name, string ShortName, string Scope, IReadOnlyList<string> OrgPermissions, IReadOnlyList<string> AppPermissions);

public sealed record LegacyModeDefinition(string Mode, string BaseRole, IReadOnlyList<string> ExtraAppPermissions);

public sealed record PermissionScopes(IReadOnlyList<string> Org, IReadOnlyList<string> App);

public sealed record GrantableRoles(IReadOnlyList<string> OrgRoles, IReadOnlyList<GrantableAppRoles> AppRoles, IReadOnlyList<string> LegacyModes);

public sealed record GrantableAppRoles(string AppId, IReadOnlyList<string> Roles);
