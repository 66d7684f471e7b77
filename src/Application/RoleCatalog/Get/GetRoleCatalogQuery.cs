using ApiKeys.Application.Common.Security;
using ApiKeys.Domain.Common;
using Mediator;

namespace ApiKeys.Application.RoleCatalog.Get;

/// <summary>
/// The role catalogue (docs/api.md §2) and what the caller may grant in <see cref="OrganizationId"/> (a key: its own
/// organization; a user: the one named, or its only one). Any authenticated caller may ask: the catalogue is public
/// in the contract, and the grantable part describes only the caller itself, as <c>/v1/me</c> does.
/// </summary>
public sealed record GetRoleCatalogQuery(OrganizationId? OrganizationId) : IQuery<Result<RoleCatalogResponse>>, IAuthenticatedRequest;

public sealed record RoleCatalogResponse(
    string? OrganizationId,
    IReadOnlyList<RoleResponse> OrgRoles,
    IReadOnlyList<RoleResponse> AppRoles,
    IReadOnlyList<LegacyModeResponse> LegacyModes,
    ScopesResponse Scopes,
    GrantableResponse Grantable);

/// <summary>A role: its org permissions and the app permissions it grants (on every app for an org role, on its app for an app role).</summary>
public sealed record RoleResponse(string Name, string ShortName, string Scope, IReadOnlyList<string> OrgPermissions, IReadOnlyList<string> AppPermissions);

public sealed record LegacyModeResponse(string Mode, string BaseRole, IReadOnlyList<string> ExtraAppPermissions);

/// <summary>Every permission string, by scope: what a key's <c>scopes</c> may name.</summary>
public sealed record ScopesResponse(IReadOnlyList<string> Org, IReadOnlyList<string> App);

/// <summary>What the caller may grant to a key or a member (no escalation, docs/api.md §2), decided by the domain's <c>Access</c>.</summary>
public sealed record GrantableResponse(IReadOnlyList<string> OrgRoles, IReadOnlyList<GrantableAppRolesResponse> AppRoles, IReadOnlyList<string> LegacyModes);

/// <summary>The app roles the caller may grant on one app of the organization (apps where it may grant none are left out).</summary>
public sealed record GrantableAppRolesResponse(string AppId, IReadOnlyList<string> Roles);
