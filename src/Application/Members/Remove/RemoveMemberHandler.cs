using ApiKeys.Application.Abstractions;
using ApiKeys.Application.Audit;
using ApiKeys.Application.Common.Security;
using ApiKeys.Application.Members.Common;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Organizations;
using Mediator;

namespace ApiKeys.Application.Members.Remove;

internal sealed class RemoveMemberHandler(IMemberRepository members, AuthorizedCaller caller, AuditTrail audit)
    : ICommandHandler<RemoveMemberCommand, Result<RemovedResponse>>
{
    public async ValueTask<Result<RemovedResponse>> Handle(RemoveMemberCommand command, CancellationToken cancellationToken)
    {
        var member = await members.FindAsync(command.OrganizationId, command.UserId, cancellationToken);
        if (member is null)
        {
            return OrganizationErrors.MemberNotFound;
        }

        if (await MemberRules.CheckOwnerChangeAsync(members, caller, member, remainsOwner: false, cancellationToken) is { } refused)
        {
            return refused.Kind == ErrorKind.Forbidden ? audit.Denied(command.OrganizationId, AuditActions.MemberRemoved, refused, target: command.UserId) : refused;
        }

        members.Remove(member);
        audit.Record(command.OrganizationId, AuditActions.MemberRemoved, target: command.UserId);
        return new RemovedResponse(true);
    }
}
