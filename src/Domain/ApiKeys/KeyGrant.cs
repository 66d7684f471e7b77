using ApiKeys.Domain.ApiKeys.Governance;
using ApiKeys.Domain.Authorization;

namespace ApiKeys.Domain.ApiKeys;

/// <summary>
/// What a key may do: either an <see cref="RbacGrant"/> (roles, scopes, project) or a <see cref="LegacyGrant"/>
/// (Capgo's mode and limits). Each kind holds only its own fields, so no code asks a key for a field of the other kind.
/// </summary>
public abstract record KeyGrant
{
    private protected KeyGrant()
    {
    }

    public abstract ApiKeyKind Kind { get; }

    /// <summary>The grant's effective permissions in the key's organization, for a key carrying <paramref name="limits"/>.</summary>
    public abstract Access ToAccess(KeyLimits? limits = null);

    /// <summary>The grant once the app <paramref name="appId"/> is deleted, its bindings and limits to that app gone.</summary>
    /// <returns><c>Revoke</c> when the grant was only about that app and the key must go (a limit never widens into "every app").</returns>
    internal abstract (KeyGrant Grant, bool Revoke) WithoutApp(string appId);

    internal abstract bool Names(string appId);

    /// <summary>Every app the grant names (role bindings, project, limits): what it depends on existing.</summary>
    public abstract IReadOnlyList<string> AppIds { get; }
}
