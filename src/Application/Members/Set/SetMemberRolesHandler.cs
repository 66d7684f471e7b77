using ApiKeys.Application.Abstractions;
using ApiKeys.Application.Audit;
using ApiKeys.Application.Common.Security;
using ApiKeys.Application.Members.Common;
using ApiKeys.Application.Organizations.Common;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Organizations;
using Mediator;

namespace ApiKeys.Application.Members.Set;

internal sealed class SetMemberRolesHandler(
    IMemberRepository members,
    RoleGrants grants,
    TargetGuard guard,
    OwnershipGuard ownership,
    AuditTrail audit,
    TimeProvider time)
    : ICommandHandler<SetMemberRolesCommand, Result<MemberEnvelope>>
{
    public async ValueTask<Result<MemberEnvelope>> Handle(SetMemberRolesCommand command, CancellationToken cancellationToken)
    {
        // The caller must cover the member as it is (demoting a stronger member is acting on it) and as it will be.
        var member = await members.FindAsync(command.OrganizationId, command.UserId, cancellationToken);
        if (member is not null && guard.EnsureCovers(member, AuditActions.MemberRolesSet) is { } refused)
        {
            return refused;
        }

        var granted = await grants.CheckAsync(command.OrganizationId, command.OrgRole, command.AppRoles, AuditActions.MemberRolesSet, cancellationToken, target: command.UserId);
        if (!granted.IsSuccess)
        {
            return granted.Error!;
        }

        var (orgRole, appRoles) = granted.Value;
        var now = time.Now();
        if (member is null)
        {
            member = Member.Create(command.OrganizationId, command.UserId, orgRole, appRoles, now);
            members.Add(member);
            audit.Record(command.OrganizationId, AuditActions.MemberRolesSet, target: command.UserId);
            return MemberMapping.ToEnvelope(member);
        }

        var stopsBeingOwner = member.IsOwner && orgRole != Roles.OrgOwner;
        if (await ownership.EnsureOwnerRemainsAsync(command.OrganizationId, stopsBeingOwner ? 1 : 0, cancellationToken) is { } lastOwner)
        {
            return lastOwner;
        }

        if (member.SetRoles(orgRole, appRoles, now))
        {
            audit.Record(command.OrganizationId, AuditActions.MemberRolesSet, target: command.UserId);
        }

        return MemberMapping.ToEnvelope(member);
    }
}
