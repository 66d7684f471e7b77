using ApiKeys.Domain.Authorization;

namespace ApiKeys.Domain.ApiKeys;

/// <summary>
/// How the grant is kept in the key's row: the same columns as before grants were value objects, so no data moves.
/// EF Core maps neither an abstract type nor one of two optional types sharing NOT NULL columns as a complex or owned
/// type, so the columns are private fields of the key, written by the <see cref="Grant"/> setter and read back into
/// the grant on first use. Nothing else reads them.
/// </summary>
public sealed partial class ApiKey
{
    private KeyGrant? _grant;

    private LegacyMode? _mode;
    private string? _orgRole;
    private string? _projectId;
    private List<AppRoleBinding> _appRoles = [];
    private List<string> _scopes = [];
    private List<string> _limitedToApps = [];
    private List<string> _limitedToOrgs = [];

    /// <summary>What the key may do: an <see cref="RbacGrant"/> or a <see cref="LegacyGrant"/>, as <see cref="Kind"/> says.</summary>
    public KeyGrant Grant
    {
        get => _grant ??= Kind == ApiKeyKind.Legacy
            ? LegacyGrant.Restore(_mode ?? throw new InvalidOperationException($"Legacy key {Id} has no mode."), _limitedToApps, _limitedToOrgs)
            : RbacGrant.Restore(_orgRole is null ? null : Roles.ByName(_orgRole), _appRoles, _scopes, _projectId);
        private set
        {
            _grant = value;
            Kind = value.Kind;
            var rbac = value as RbacGrant;
            var legacy = value as LegacyGrant;
            _orgRole = rbac?.OrgRole?.Name;
            _projectId = rbac?.ProjectId;
            _appRoles = [.. rbac?.AppRoles ?? []];
            _scopes = [.. rbac?.Scopes ?? []];
            _mode = legacy?.Mode;
            _limitedToApps = [.. legacy?.LimitedToApps ?? []];
            _limitedToOrgs = [.. legacy?.LimitedToOrgs ?? []];
        }
    }
}
