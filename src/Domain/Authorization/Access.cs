using System.Collections.Concurrent;
using System.Collections.Frozen;
using ApiKeys.Domain.ApiKeys.Governance;

namespace ApiKeys.Domain.Authorization;

/// <summary>
/// The effective permissions of one principal (a member or a key) in one organization: the one place that
/// turns roles, scopes, a project and legacy limits into yes or no, and decides who covers whom (roles and, for a
/// key, its rate limits, credits, networks and expiry). Every route and verify ask it.
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
        IReadOnlyCollection<string>? appFilter,
        KeyLimits limits)
    {
        OrgRole = orgRole;
        Limits = limits;
        AppRoles = appRoles;
        // Scopes narrow: when present they intersect everything the roles grant.
        var narrowed = scopes is { Count: > 0 } ? scopes.ToFrozenSet(StringComparer.Ordinal) : null;

        // Not narrowed, a role's own set is shared as it is: a cache of many keys holds one copy of each role's sets.
        FrozenSet<string> Narrow(IEnumerable<string> permissions) =>
            narrowed is null && permissions is FrozenSet<string> { Comparer: var comparer } shared && ReferenceEquals(comparer, StringComparer.Ordinal)
                ? shared
                : (narrowed is null ? permissions : permissions.Where(narrowed.Contains)).ToFrozenSet(StringComparer.Ordinal);

        _orgPermissions = Narrow(orgPermissions);
        _allAppsPermissions = Narrow(allAppsPermissions);
        _perAppPermissions = perApp
            .GroupBy(b => b.AppId, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => Narrow(g.SelectMany(b => b.ToRole().AppPermissions)), StringComparer.Ordinal);
        _appFilter = appFilter is { Count: > 0 } ? appFilter.ToFrozenSet(StringComparer.Ordinal) : null;
    }

    private static readonly ConcurrentDictionary<string, Access> ByOrgRole = new(StringComparer.Ordinal);

    /// <summary>No binding at all: the principal may do nothing in the organization.</summary>
    public static Access None { get; } = new(null, [], [], [], [], null, null, KeyLimits.None);

    public Role? OrgRole { get; }

    public IReadOnlyList<AppRoleBinding> AppRoles { get; }

    /// <summary>A key's rate limits, credits, networks and expiry (<see cref="KeyLimits.None"/> for a member): governance is power too.</summary>
    public KeyLimits Limits { get; }

    /// <summary>A member's or RBAC key's access. A project key acts on its app only and keeps no org permission but <c>org.read</c>.</summary>
    public static Access ForRoles(Role? orgRole, IReadOnlyList<AppRoleBinding> appRoles, IReadOnlyCollection<string>? scopes = null, string? projectId = null, KeyLimits? limits = null)
    {
        if (appRoles.Count == 0 && scopes is not { Count: > 0 } && projectId is null && limits is not { IsNone: false })
        {
            // An org role alone, without limits, grants the same to every holder: one immutable instance per role.
            return orgRole is null ? None : ByOrgRole.GetOrAdd(orgRole.Name, _ => new(orgRole, [], orgRole.OrgPermissions, orgRole.AppPermissions, [], null, null, KeyLimits.None));
        }

        var orgPermissions = orgRole?.OrgPermissions ?? Empty;
        if (projectId is not null)
        {
            orgPermissions = OrgReadOnly(orgPermissions);
        }

        return new(orgRole, appRoles, orgPermissions, orgRole?.AppPermissions ?? Empty, appRoles, scopes, projectId is null ? null : [projectId], limits ?? KeyLimits.None);
    }

    /// <summary>
    /// A Capgo mode key: its mode's base role and extra app permissions. Limited to <paramref name="limitedToApps"/>
    /// (when any) it holds them on those apps only and, like a project key, no org permission but <c>org.read</c>:
    /// an <c>all</c> key for one app must not manage the organization's keys, members, apps, webhooks or settings.
    /// </summary>
    public static Access ForLegacyMode(LegacyMode mode, IReadOnlyCollection<string> limitedToApps, KeyLimits? limits = null)
    {
        var role = mode.BaseRole();
        var orgPermissions = limitedToApps.Count > 0 ? OrgReadOnly(role.OrgPermissions) : role.OrgPermissions;
        return new(role, [], orgPermissions, role.AppPermissions.Union(mode.ExtraAppPermissions()), [], null, limitedToApps, limits ?? KeyLimits.None);
    }

    /// <summary>What a principal limited to some apps keeps at org level: <c>org.read</c>, when it had it.</summary>
    private static FrozenSet<string> OrgReadOnly(IReadOnlySet<string> orgPermissions) =>
        orgPermissions.Contains(Permission.OrgRead) ? FrozenSet.Create(StringComparer.Ordinal, Permission.OrgRead) : Empty;

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
    /// Power over a target (docs/api.md §2): the caller holds every permission the target holds, at each scope. An
    /// org permission needs the same org permission; a permission the target holds on every app needs it on every
    /// app (or, for a target limited to some apps, on each of those); an app role's permission needs it on that app.
    /// Governance is power too: a caller with rate limits, credits, networks or an expiry covers only targets at
    /// least as limited (<see cref="KeyLimits.IsWithin"/>), so no key loosens itself or mints a looser child.
    /// </summary>
    public bool Covers(Access target) => CoversPermissions(target) && target.Limits.IsWithin(Limits);

    private bool CoversPermissions(Access target)
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
    /// <param name="grantee">The limits of the key receiving the roles; <see langword="null"/> for a member (never limited).</param>
    public bool CanGrant(Role? orgRole, IReadOnlyList<AppRoleBinding> appRoles, KeyLimits? grantee = null) =>
        Covers(ForRoles(orgRole, appRoles, limits: grantee));

    /// <summary>No escalation for a Capgo mode key: the caller covers the mode's base role and extra app permissions (on the limited apps, or on every app), and its limits.</summary>
    public bool CanGrantLegacy(LegacyMode mode, IReadOnlyCollection<string> limitedToApps, KeyLimits? grantee = null) =>
        Covers(ForLegacyMode(mode, limitedToApps, grantee));

    /// <summary>
    /// Whether the principal is an owner of its organization for the rule "an organization always keeps an
    /// owner": the <c>org_owner</c> role, not narrowed by scopes or a project, and with no limit that could lock it
    /// out (docs/api.md §2 "The last owner stays usable": no rate limits, credits, networks or expiry).
    /// </summary>
    public bool IsOwner => OrgRole == Roles.OrgOwner && _appFilter is null && _orgPermissions.SetEquals(Roles.OrgOwner.OrgPermissions) && Limits.IsNone;
}
