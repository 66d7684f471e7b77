using ApiKeys.Domain.ApiKeys.Governance;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;

namespace ApiKeys.Domain.ApiKeys;

/// <summary>An RBAC key's grant: an org role (or none), app role bindings, narrowing scopes and an optional project.</summary>
public sealed record RbacGrant : KeyGrant
{
    private RbacGrant(Role? orgRole, IReadOnlyList<AppRoleBinding> appRoles, IReadOnlyList<string> scopes, string? projectId)
    {
        OrgRole = orgRole;
        AppRoles = appRoles;
        Scopes = scopes;
        ProjectId = projectId;
    }

    public override ApiKeyKind Kind => ApiKeyKind.Rbac;

    public Role? OrgRole { get; }

    public IReadOnlyList<AppRoleBinding> AppRoles { get; }

    /// <summary>When not empty, the key's permissions are its roles' intersected with these.</summary>
    public IReadOnlyList<string> Scopes { get; }

    /// <summary>A project key acts on this app only.</summary>
    public string? ProjectId { get; }

    /// <summary>A grant of already parsed roles; a project key may hold app roles only on its project.</summary>
    public static Result<RbacGrant> Create(Role? orgRole, IReadOnlyList<AppRoleBinding> appRoles, IReadOnlyList<string> scopes, string? projectId)
    {
        if (scopes.Any(s => !Permission.IsKnown(s)))
        {
            throw new ArgumentException("Scopes must be known permission strings.", nameof(scopes));
        }

        return new RbacGrant(null, [], [.. scopes.Distinct(StringComparer.Ordinal)], projectId).WithRoles(orgRole, appRoles);
    }

    /// <summary>The grant as it was stored: trusted, not checked again.</summary>
    public static RbacGrant Restore(Role? orgRole, IReadOnlyList<AppRoleBinding> appRoles, IReadOnlyList<string> scopes, string? projectId) =>
        new(orgRole, appRoles, scopes, projectId);

    /// <summary>The same scopes and project with other roles.</summary>
    public Result<RbacGrant> WithRoles(Role? orgRole, IReadOnlyList<AppRoleBinding> appRoles)
    {
        if (ProjectId is not null && appRoles.Any(b => b.AppId != ProjectId))
        {
            return ApiKeyErrors.ProjectRolesOutsideProject;
        }

        Roles.EnsureScopes(orgRole, appRoles);
        return new RbacGrant(orgRole, [.. appRoles], Scopes, ProjectId);
    }

    public bool HasRoles(Role? orgRole, IReadOnlyList<AppRoleBinding> appRoles) => OrgRole == orgRole && appRoles.SequenceEqual(AppRoles);

    public override Access ToAccess(KeyLimits? limits = null) => Access.ForRoles(OrgRole, AppRoles, Scopes, ProjectId, limits);

    internal override (KeyGrant Grant, bool Revoke) WithoutApp(string appId) =>
        (new RbacGrant(OrgRole, RolesWithoutApp(AppRoles, appId), Scopes, ProjectId), ProjectId == appId);

    /// <summary>
    /// What deleting <paramref name="appId"/> leaves of a key's bindings. For a key that is not the app's project key
    /// this is all that changes (nothing is revoked), which is why such keys may be changed in bulk.
    /// </summary>
    public static List<AppRoleBinding> RolesWithoutApp(IReadOnlyList<AppRoleBinding> appRoles, string appId) =>
        [.. appRoles.Where(b => b.AppId != appId)];

    internal override bool Names(string appId) => ProjectId == appId || AppRoles.Any(b => b.AppId == appId);

    public override IReadOnlyList<string> AppIds => [.. AppRoles.Select(b => b.AppId).Concat(ProjectId is null ? [] : [ProjectId]).Distinct(StringComparer.Ordinal)];
}
