namespace ApiKeys.Client.Models;

public sealed record Organization(string Id, string Name, KeyPolicy KeyPolicy, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed record KeyPolicy(bool RequireExpiration, int? MaxLifetimeDays, bool RequireSecureKeys, bool KeepKeysOfRemovedMembers = false, bool RevokeLeakedKeys = true);

/// <summary>PATCH of an organization: only the fields set are sent.</summary>
public sealed record UpdateOrganizationRequest
{
    public string? Name { get; init; }

    public KeyPolicyChange? KeyPolicy { get; init; }
}

/// <summary>PATCH of the key policy: only the fields set are sent; <see cref="RemoveMaxLifetime"/> sends <c>max_lifetime_days: null</c>.</summary>
public sealed record KeyPolicyChange
{
    public bool? RequireExpiration { get; init; }

    public int? MaxLifetimeDays { get; init; }

    public bool RemoveMaxLifetime { get; init; }

    public bool? RequireSecureKeys { get; init; }

    public bool? KeepKeysOfRemovedMembers { get; init; }

    public bool? RevokeLeakedKeys { get; init; }
}

public sealed record App(string AppId, string OrganizationId, string Name, DateTimeOffset CreatedAt);

public sealed record AppRole(string AppId, string Role);

public sealed record Member(string UserId, string OrganizationId, string OrgRole, IReadOnlyList<AppRole> AppRoles, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed record Roles(string OrgRole, IReadOnlyList<AppRole> AppRoles);

public sealed record AuditEvent(string Id, string OrganizationId, string Action, string ActorType, string ActorId, string? ApiKeyId, string? Target, string? IpAddress, DateTimeOffset OccurredAt);

public sealed record AuditEventQuery(string? Cursor = null, int? Limit = null, string? Action = null, string? KeyId = null);

public sealed record Me(string PrincipalType, string Id, string? OrganizationId, string OrgRole, IReadOnlyList<AppRole> AppRoles, IReadOnlyList<string> Permissions);

/// <summary>One page of a list; <see cref="NextCursor"/> is <see langword="null"/> on the last page.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);
