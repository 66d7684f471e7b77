namespace ApiKeys.Domain.ApiKeys;

public enum ApiKeyKind
{
    /// <summary>Roles, scopes and an optional project.</summary>
    Rbac,

    /// <summary>Capgo's mode keys: read &lt; upload &lt; write &lt; all; no roles.</summary>
    Legacy,
}
