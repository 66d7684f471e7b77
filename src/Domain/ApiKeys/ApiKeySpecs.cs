using ApiKeys.Domain.Authorization;

namespace ApiKeys.Domain.ApiKeys;

/// <summary>What an RBAC key is made of, already parsed (roles are catalog roles, scopes known permission strings).</summary>
public sealed record RbacKeySpec(
    string Name,
    bool Secure,
    Role? OrgRole,
    IReadOnlyList<AppRoleBinding> AppRoles,
    IReadOnlyList<string> Scopes,
    string? ProjectId,
    DateTimeOffset? ExpiresAt,
    string? DeviceName,
    string? Source);

/// <summary>What a Capgo mode key is made of.</summary>
public sealed record LegacyKeySpec(
    string Name,
    LegacyMode Mode,
    IReadOnlyList<string> LimitedToApps,
    IReadOnlyList<string> LimitedToOrgs,
    bool Secure = false,
    DateTimeOffset? ExpiresAt = null);
