using ApiKeys.Domain.ApiKeys;

namespace ApiKeys.Application.Abstractions;

/// <summary>
/// Which of an organization's keys a list or a bulk revoke reads (docs/api.md §4), all combined with AND. Each is
/// answered from an index by <see cref="IApiKeyRepository.ListAsync"/>.
/// </summary>
public sealed record ApiKeyFilter(ApiKeyKind? Kind, bool IncludeRevoked)
{
    /// <summary>Case-insensitive: the name contains it, or the key prefix starts with it.</summary>
    public string? Search { get; init; }

    /// <summary>Keys whose grant names the app: an app role on it, a limit to it, or its project.</summary>
    public string? AppId { get; init; }

    /// <summary>An org role's stored name, or <see cref="NoOrgRole"/> for RBAC keys without one.</summary>
    public string? OrgRole { get; init; }

    /// <summary>A user id or a key id: keys created by that user or by that key.</summary>
    public string? CreatedBy { get; init; }

    public KeyState? State { get; init; }

    public DateTimeOffset? ExpiresBefore { get; init; }

    /// <summary>Top-level string fields of <c>meta</c> that must equal these values.</summary>
    public IReadOnlyDictionary<string, string> Meta { get; init; } = new Dictionary<string, string>();

    public KeyListSort Sort { get; init; } = KeyListSort.CreatedAt;

    /// <summary>The instant <see cref="State"/> is judged at (expired or not).</summary>
    public DateTimeOffset Now { get; init; }

    public const string NoOrgRole = "none";

    /// <summary>Meta filters ask for fields and values at most this long in UTF-8 bytes: only those are indexed.</summary>
    public const int MetaFieldMaxBytes = 64;

    public const int MetaValueMaxBytes = 200;
}

/// <summary>A key's state for the <c>state</c> filter: the first that holds of revoked, expired, disabled, active.</summary>
public enum KeyState
{
    Active,
    Disabled,
    Expired,
    Revoked,
}

/// <summary>The list's orders: newest first; name A to Z; most recently used first, never used last.</summary>
public enum KeyListSort
{
    CreatedAt,
    Name,
    LastUsedAt,
}
