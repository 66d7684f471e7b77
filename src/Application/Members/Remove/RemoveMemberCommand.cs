using ApiKeys.Application.Common.Security;
using ApiKeys.Application.Members.Common;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;
using Mediator;

namespace ApiKeys.Application.Members.Remove;

/// <summary>Removes a user from the organization. Removing an owner needs an owner-level caller; the last owner stays.</summary>
public sealed record RemoveMemberCommand(OrganizationId OrganizationId, string UserId) : ICommand<Result<RemovedResponse>>, IRequirePermission
{
    public string RequiredPermission => Permission.OrgUpdateUserRoles;
}
