using ApiKeys.Application.Audit;
using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.ApiKeys.Governance;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Organizations;

namespace ApiKeys.Application.Common.Security;

/// <summary>
/// Power over a target (docs/api.md §2), applied the same way by every handler that acts on a key or a member: the
/// caller must cover the target (<see cref="Access.Covers"/>) and, when it grants roles, cover those roles. A
/// refusal is <c>403 role_escalation</c> with exactly one <c>….denied</c> audit event, before anything changes.
/// </summary>
public sealed class TargetGuard(AuthorizedCaller caller, AuditTrail audit)
{
    /// <returns>The refusal, or <see langword="null"/> when the caller covers <paramref name="key"/>.</returns>
    public Error? EnsureCovers(ApiKey key, string action) =>
        caller.Access.Covers(key.ToAccess()) ? null : Deny(key.OrganizationId, action, key.Id.ToString(), null);

    /// <summary>
    /// Covering before and after a change of limits (governance is power too): the caller must cover the key with the
    /// limits it would have, so no key loosens itself or a key beyond its own limits. Checked before the change is
    /// applied, so a refusal changes nothing.
    /// </summary>
    public Error? EnsureCoversAfter(ApiKey key, KeyLimits after, string action) =>
        caller.Access.Covers(key.ToAccess(after)) ? null : Deny(key.OrganizationId, action, key.Id.ToString(), null);

    /// <returns>The refusal, or <see langword="null"/> when the caller covers every key of <paramref name="keys"/>.</returns>
    public Error? EnsureCoversAll(IEnumerable<ApiKey> keys, OrganizationId organizationId, string action, string target) =>
        keys.All(k => caller.Access.Covers(k.ToAccess())) ? null : Deny(organizationId, action, null, target);

    /// <returns>The refusal, or <see langword="null"/> when the caller covers <paramref name="member"/>.</returns>
    public Error? EnsureCovers(Member member, string action) =>
        caller.Access.Covers(member.ToAccess()) ? null : Deny(member.OrganizationId, action, null, member.UserId);

    /// <summary>No escalation: the roles granted, on a grantee with <paramref name="grantee"/>'s limits (none: a member), must be covered by the caller.</summary>
    public Error? EnsureCanGrant(OrganizationId organizationId, Role? orgRole, IReadOnlyList<AppRoleBinding> appRoles, KeyLimits? grantee, string action, string? keyId = null, string? target = null) =>
        caller.Access.CanGrant(orgRole, appRoles, grantee) ? null : Deny(organizationId, action, keyId, target);

    /// <summary>No escalation for a Capgo mode key with <paramref name="grantee"/>'s limits.</summary>
    public Error? EnsureCanGrantLegacy(OrganizationId organizationId, LegacyMode mode, IReadOnlyCollection<string> limitedToApps, KeyLimits grantee, string action) =>
        caller.Access.CanGrantLegacy(mode, limitedToApps, grantee) ? null : Deny(organizationId, action, null, null);

    /// <summary>Whether the caller covers <paramref name="key"/>, asked without refusing (a bulk revoke skips the others).</summary>
    public bool Covers(ApiKey key) => caller.Access.Covers(key.ToAccess());

    /// <summary>Whether the caller is <paramref name="key"/> itself (a key may always revoke itself).</summary>
    public bool IsSelf(ApiKey key) => caller.Principal.IsKey && caller.Principal.Id == key.Id.ToString();

    private Error Deny(OrganizationId organizationId, string action, string? keyId, string? target) =>
        audit.Denied(organizationId, action, ApplicationErrors.Escalation, keyId, target);
}
