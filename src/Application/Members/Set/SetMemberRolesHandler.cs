using ApiKeys.Application.Abstractions;
using ApiKeys.Application.Audit;
using ApiKeys.Application.Common;
using ApiKeys.Application.Common.Security;
using ApiKeys.Application.Common.Validation;
using ApiKeys.Application.Members.Common;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Organizations;
using Mediator;

namespace ApiKeys.Application.Members.Set;

internal sealed class SetMemberRolesHandler(
    IMemberRepository members,
    RoleInputs roleInputs,
    AuthorizedCaller caller,
    AuditTrail audit,
    TimeProvider time)
    : ICommandHandler<SetMemberRolesCommand, Result<MemberEnvelope>>
{
    public async ValueTask<Result<MemberEnvelope>> Handle(SetMemberRolesCommand command, CancellationToken cancellationToken)
    {
        var orgRole = RoleInputs.OrgRole(command.OrgRole);
        var appRoles = RoleInputs.AppRoles(command.AppRoles);
        if (!caller.Access.CanGrant(orgRole, appRoles))
        {
            return audit.Denied(command.OrganizationId, AuditActions.MemberRolesSet, ApplicationErrors.Escalation, target: command.UserId);
        }

        if (await roleInputs.FindUnknownAppAsync(command.OrganizationId, "app_roles", appRoles.Select(b => b.AppId), cancellationToken) is { } unknown)
        {
            return unknown;
        }

        var now = time.Now();
        var member = await members.FindAsync(command.OrganizationId, command.UserId, cancellationToken);
        if (member is null)
        {
            member = Member.Create(command.OrganizationId, command.UserId, orgRole, appRoles, now);
            members.Add(member);
            audit.Record(command.OrganizationId, AuditActions.MemberRolesSet, target: command.UserId);
            return MemberMapping.ToEnvelope(member);
        }

        if (await MemberRules.CheckOwnerChangeAsync(members, caller, member, remainsOwner: orgRole == Roles.OrgOwner, cancellationToken) is { } refused)
        {
            return refused.Kind == ErrorKind.Forbidden ? audit.Denied(command.OrganizationId, AuditActions.MemberRolesSet, refused, target: command.UserId) : refused;
        }

        if (member.SetRoles(orgRole, appRoles, now))
        {
            audit.Record(command.OrganizationId, AuditActions.MemberRolesSet, target: command.UserId);
        }

        return MemberMapping.ToEnvelope(member);
    }
}
