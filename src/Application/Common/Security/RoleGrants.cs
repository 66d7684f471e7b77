using ApiKeys.Application.Common.Validation;
using ApiKeys.Domain.ApiKeys.Governance;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;

namespace ApiKeys.Application.Common.Security;

/// <summary>Roles a request hands out, parsed from validated input.</summary>
public sealed record GrantedRoles(Role? OrgRole, IReadOnlyList<AppRoleBinding> AppRoles);

/// <summary>
/// The steps every request that hands out roles takes (creating an RBAC key, re-roling a key, setting a member's
/// roles), in this order: parse the roles, refuse what the caller could not grant itself (<c>403 role_escalation</c>,
/// one <c>….denied</c> audit event), then refuse an app the organization does not have (<c>400</c> on <c>app_roles</c>).
/// </summary>
public sealed class RoleGrants(TargetGuard guard, RoleInputs inputs)
{
    /// <param name="grantee">The limits of the key receiving the roles; <see langword="null"/> for a member (never limited).</param>
    /// <param name="action">The audit action a refusal is recorded under (as <c>….denied</c>).</param>
    /// <param name="keyId">The key being re-roled, for the denial's audit event.</param>
    /// <param name="target">The member being changed, for the denial's audit event.</param>
    public async Task<Result<GrantedRoles>> CheckAsync(
        OrganizationId organizationId,
        string? orgRole,
        IReadOnlyList<AppRoleInput>? appRoles,
        KeyLimits? grantee,
        string action,
        CancellationToken cancellationToken,
        string? keyId = null,
        string? target = null)
    {
        var roles = new GrantedRoles(RoleInputs.OrgRole(orgRole), RoleInputs.AppRoles(appRoles));
        if (guard.EnsureCanGrant(organizationId, roles.OrgRole, roles.AppRoles, grantee, action, keyId, target) is { } refused)
        {
            return refused;
        }

        var unknown = await inputs.FindUnknownAppAsync(organizationId, "app_roles", roles.AppRoles.Select(b => b.AppId), cancellationToken);
        return unknown is null ? roles : unknown;
    }
}
