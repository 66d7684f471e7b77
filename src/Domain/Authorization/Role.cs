using System.Collections.Frozen;

namespace ApiKeys.Domain.Authorization;

/// <summary>
/// A built-in role: a named set of permissions at one scope. An org role also grants app permissions on
/// every app of the organization; an app role grants app permissions on the one app it is bound to.
/// </summary>
public sealed class Role
{
    internal Role(string name, string shortName, PermissionScope scope, int rank, IEnumerable<string> orgPermissions, IEnumerable<string> appPermissions)
    {
        Name = name;
        ShortName = shortName;
        Scope = scope;
        Rank = rank;
        OrgPermissions = orgPermissions.ToFrozenSet(StringComparer.Ordinal);
        AppPermissions = appPermissions.ToFrozenSet(StringComparer.Ordinal);
    }

    /// <summary>The catalog name, as in docs/api.md §2: <c>org_admin</c>, <c>app_reader</c>.</summary>
    public string Name { get; }

    /// <summary>The name used in request and response bodies: <c>admin</c>, <c>reader</c>.</summary>
    public string ShortName { get; }

    public PermissionScope Scope { get; }

    /// <summary>Position in the role's step ladder (each role includes the ones below it).</summary>
    public int Rank { get; }

    public FrozenSet<string> OrgPermissions { get; }

    /// <summary>For an org role: granted on every app. For an app role: granted on its app.</summary>
    public FrozenSet<string> AppPermissions { get; }

    public override string ToString() => Name;
}
