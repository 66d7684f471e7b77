using System.Collections.Frozen;

namespace ApiKeys.Domain.Authorization;

/// <summary>
/// The effective permissions of one principal (a member or a key) in one organization: the one place that
/// turns roles, scopes, a project and legacy limits into yes or no. Every route and verify ask it.
/// </summary>
public sealed class Access
{
    private static readonly FrozenSet<string> Empty = FrozenSet<string>.Empty;

    private readonly FrozenSet<string> _orgPermissions;
    private readonly FrozenSet<string> _allAppsPermissions;
    private readonly FrozenDictionary<string, FrozenSet<string>> _perAppPermissions;
    private readonly FrozenSet<string>? _appFilter;
    private IReadOnlyList<string>? _describedForOrg;

    private Access(
        Role? orgRole,
        IReadOnlyList<AppRoleBinding> appRoles,
        IEnumerable<string> orgPermissions,
        IEnumerable<string> allAppsPermissions,
        IEnumerable<AppRoleBinding> perApp,
        IReadOnlyCollection<string>? scopes,
        IReadOnlyCollection<string>? appFilter)
    {
        OrgRole = orgRole;
        AppRoles = appRoles;
        // Scopes narrow: when present they intersect everything the roles grant.
        var narrowed = scopes is { Count: > 0 } ? scopes.ToFrozenSet(StringComparer.Ordinal) : null;
        FrozenSet<string> Narrow(IEnumerable<string> permissions) =>
            (narrowed is null ? permissions : permissions.Where(narrowed.Contains)).ToFrozenSet(StringComparer.Ordinal);

        _orgPermissions = Narrow(orgPermissions);
        _allAppsPermissions = Narrow(allAppsPermissions);
        _perAppPermissions = perApp
            .GroupBy(b => b.AppId, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => Narrow(g.SelectMany(b => b.ToRole().AppPermissions)), StringComparer.Ordinal);
        _appFilter = appFilter is { Count: > 0 } ? appFilter.ToFrozenSet(StringComparer.Ordinal) : null;
    }

    /// <summary>No binding at all: the principal may do nothing in the organization.</summary>
    public static Access None { get; } = new(null, [], [], [], [], null, null);

    public Role? OrgRole { get; }

    public IReadOnlyList<AppRoleBinding> AppRoles { get; }

    /// <summary>A member's or RBAC key's access. A project key acts on its app only and keeps no org permission but <c>org.read</c>.</summary>
    public static Access ForRoles(Role? orgRole, IReadOnlyList<AppRoleBinding> appRoles, IReadOnlyCollection<string>? scopes = null, string? projectId = null)
    {
        var orgPermissions = orgRole?.OrgPermissions ?? Empty;
        if (projectId is not null)
        {
            orgPermissions = orgPermissions.Contains(Permission.OrgRead) ? FrozenSet.Create(StringComparer.Ordinal, Permission.OrgRead) : Empty;
        }

        return new(orgRole, appRoles, orgPermissions, orgRole?.AppPermissions ?? Empty, appRoles, scopes, projectId is null ? null : [projectId]);
    }

    /// <summary>A Capgo mode key: its mode's base role, its extra app permissions, limited to <paramref name="limitedToApps"/> when any.</summary>
    public static Access ForLegacyMode(LegacyMode mode, IReadOnlyCollection<string> limitedToApps)
    {
        var role = mode.BaseRole();
        return new(role, [], role.OrgPermissions, role.AppPermissions.Union(mode.ExtraAppPermissions()), [], null, limitedToApps);
    }

    public IReadOnlySet<string> OrgPermissions => _orgPermissions;

    public bool HasOrgPermission(string permission) => _orgPermissions.Contains(permission);

    public bool MayTouchApp(string appId) => _appFilter is null || _appFilter.Contains(appId);

    /// <summary>The app permissions held on <paramref name="appId"/>: those of the org role plus that app's roles.</summary>
    public IReadOnlySet<string> PermissionsOn(string appId)
    {
        if (!MayTouchApp(appId))
        {
            return Empty;
        }

        return _perAppPermissions.TryGetValue(appId, out var own) ? own.Union(_allAppsPermissions).ToFrozenSet(StringComparer.Ordinal) : _allAppsPermissions;
    }

    public bool HasAppPermission(string appId, string permission) =>
        MayTouchApp(appId) && (_allAppsPermissions.Contains(permission) || (_perAppPermissions.TryGetValue(appId, out var own) && own.Contains(permission)));

    /// <summary>An app permission held on every app of the organization, present and future.</summary>
    public bool HasOnEveryApp(string permission) => _appFilter is null && _allAppsPermissions.Contains(permission);

    /// <summary>Whether the principal holds <paramref name="permission"/> at all: on the org, on <paramref name="appId"/>, or on every app when no app is named.</summary>
    public bool Has(string permission, string? appId = null) =>
        Permission.ScopeOf(permission) == PermissionScope.Org
            ? HasOrgPermission(permission)
            : appId is null ? HasOnEveryApp(permission) : HasAppPermission(appId, permission);

    /// <summary>Whether the principal holds <paramref name="permission"/> on at least one app (for listing apps).</summary>
    public bool HasOnSomeApp(string permission) =>
        _allAppsPermissions.Contains(permission) || _perAppPermissions.Values.Any(p => p.Contains(permission));

    /// <summary>Every permission, sorted: org permissions and, for <paramref name="appId"/> or (with none) every app, app permissions.</summary>
    public IReadOnlyList<string> Describe(string? appId = null)
    {
        if (appId is null)
        {
            // Access is immutable and cached with a verified key: describe it once, not on every request.
            return _describedForOrg ??= Sorted(_orgPermissions.Concat(_appFilter is null ? _allAppsPermissions : Empty));
        }

        return Sorted(_orgPermissions.Concat(PermissionsOn(appId)));
    }

    private static IReadOnlyList<string> Sorted(IEnumerable<string> permissions) =>
        [.. permissions.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>
    /// Power over a target (contract §2): the caller holds every permission the target holds, at each scope. An
    /// org permission needs the same org permission; a permission the target holds on every app needs it on every
    /// app (or, for a target limited to some apps, on each of those); an app role's permission needs it on that app.
    /// </summary>
    public bool Covers(Access target)
    {
        if (!target._orgPermissions.IsSubsetOf(_orgPermissions))
        {
            return false;
        }

        var everyAppHeld = target._appFilter is null
            ? target._allAppsPermissions.All(HasOnEveryApp)
            : target._appFilter.All(app => target._allAppsPermissions.All(p => HasAppPermission(app, p)));
        return everyAppHeld
            && target._perAppPermissions.Where(pair => target.MayTouchApp(pair.Key))
                .All(pair => pair.Value.All(p => HasAppPermission(pair.Key, p)));
    }

    /// <summary>
    /// No escalation: a role may be granted only by a principal that holds every permission of it at that scope.
    /// An org role needs its org permissions and its app permissions on every app; an app role, its permissions on
    /// that app. Scopes that would narrow the grantee do not lower the bar: the roles themselves must be covered.
    /// </summary>
    public bool CanGrant(Role? orgRole, IReadOnlyList<AppRoleBinding> appRoles) => Covers(ForRoles(orgRole, appRoles));

    /// <summary>No escalation for a Capgo mode key: the caller covers the mode's base role and extra app permissions (on the limited apps, or on every app).</summary>
    public bool CanGrantLegacy(LegacyMode mode, IReadOnlyCollection<string> limitedToApps) => Covers(ForLegacyMode(mode, limitedToApps));

    /// <summary>
    /// Whether the principal is an owner of its organization for the rule "an organization always keeps an
    /// owner": the <c>org_owner</c> role, not narrowed by scopes or a project.
    /// </summary>
    public bool IsOwner => OrgRole == Roles.OrgOwner && _appFilter is null && _orgPermissions.SetEquals(Roles.OrgOwner.OrgPermissions);
}
