using ApiKeys.Application.Common.Security;
using ApiKeys.Application.Organizations.Common;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Organizations;
using Mediator;

namespace ApiKeys.Application.Organizations.Update;

/// <summary>
/// Renames an organization and/or changes its key policy. A new policy applies to keys created, regenerated or
/// given a new expiry from now on; existing keys keep working (see docs/architecture.md).
/// </summary>
public sealed record UpdateOrganizationCommand(OrganizationId OrganizationId, string? Name, KeyPolicyInput? KeyPolicy)
    : ICommand<Result<OrganizationEnvelope>>, IRequirePermission
{
    public string RequiredPermission => Permission.OrgUpdateSettings;
}

/// <summary>
/// A PATCH of the key policy, merged into the current one: an absent field keeps its value. For
/// <c>max_lifetime_days</c>, where <c>null</c> means "no limit", <see cref="ChangeMaxLifetimeDays"/> tells absent from null.
/// </summary>
public sealed record KeyPolicyInput(
    bool? RequireExpiration,
    bool ChangeMaxLifetimeDays,
    int? MaxLifetimeDays,
    bool? RequireSecureKeys,
    bool? KeepKeysOfRemovedMembers = null,
    bool? RevokeLeakedKeys = null)
{
    public KeyPolicy ApplyTo(KeyPolicy current) => new(
        RequireExpiration ?? current.RequireExpiration,
        ChangeMaxLifetimeDays ? MaxLifetimeDays : current.MaxLifetimeDays,
        RequireSecureKeys ?? current.RequireSecureKeys,
        KeepKeysOfRemovedMembers ?? current.KeepKeysOfRemovedMembers,
        RevokeLeakedKeys ?? current.RevokeLeakedKeys);
}
