using ApiKeys.Application.Common.Security;
using ApiKeys.Application.Common.Validation;
using ApiKeys.Application.Members.Common;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;
using Mediator;

namespace ApiKeys.Application.Members.Set;

/// <summary>Sets a user's roles in the organization (replacing the previous ones), adding the user as a member when new. No escalation.</summary>
public sealed record SetMemberRolesCommand(OrganizationId OrganizationId, string UserId, string? OrgRole, IReadOnlyList<AppRoleInput>? AppRoles)
    : ICommand<Result<MemberEnvelope>>, IRequirePermission
{
    public string RequiredPermission => Permission.OrgUpdateUserRoles;
}
