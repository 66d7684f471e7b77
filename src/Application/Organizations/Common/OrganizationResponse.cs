namespace ApiKeys.Application.Organizations.Common;

/// <summary>The contract's <c>organization</c> object (docs/api.md §3).</summary>
public sealed record OrganizationResponse(string Id, string Name, KeyPolicyResponse KeyPolicy, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary><c>{require_expiration, max_lifetime_days, require_secure_keys, keep_keys_of_removed_members, revoke_leaked_keys}</c>.</summary>
public sealed record KeyPolicyResponse(bool RequireExpiration, int? MaxLifetimeDays, bool RequireSecureKeys, bool KeepKeysOfRemovedMembers, bool RevokeLeakedKeys);

/// <summary><c>{"organization": {...}}</c>.</summary>
public sealed record OrganizationEnvelope(OrganizationResponse Organization);
