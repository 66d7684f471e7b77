using ApiKeys.Application.Abstractions;
using ApiKeys.Application.Audit;
using ApiKeys.Application.Common.Security;
using ApiKeys.Application.Events;
using ApiKeys.Application.Members.Common;
using ApiKeys.Application.Organizations.Common;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Organizations;
using Mediator;

namespace ApiKeys.Application.Members.Remove;

internal sealed class RemoveMemberHandler(
    IRowLocks locks,
    IMemberRepository members,
    MemberKeys memberKeys,
    TargetGuard guard,
    OwnershipGuard ownership,
    EventOutbox events,
    AuditTrail audit,
    TimeProvider time)
    : ICommandHandler<RemoveMemberCommand, Result<RemovedResponse>>
{
    public async ValueTask<Result<RemovedResponse>> Handle(RemoveMemberCommand command, CancellationToken cancellationToken)
    {
        // The member's row first, exclusively: a key the member (or a key of its chain) is creating now commits before
        // the keys are read below, and one created later finds the member gone.
        await locks.LockMemberAsync(command.OrganizationId, command.UserId, cancellationToken);
        var member = await members.FindAsync(command.OrganizationId, command.UserId, cancellationToken);
        if (member is null)
        {
            return OrganizationErrors.MemberNotFound;
        }

        if (guard.EnsureCovers(member, AuditActions.MemberRemoved) is { } refused)
        {
            return refused;
        }

        // The member's keys go with the member, transitively (unless the policy keeps them): the caller must cover them too.
        var leftKeys = await memberKeys.LeftBehindAsync(command.OrganizationId, member.UserId, remaining: null, cancellationToken);
        if (guard.EnsureCoversAll(leftKeys, command.OrganizationId, AuditActions.MemberRemoved, member.UserId) is { } refusedKeys)
        {
            return refusedKeys;
        }

        var now = time.Now();
        var leaving = (member.IsOwner ? 1 : 0) + leftKeys.Count(k => k.IsOwner(now));
        if (await ownership.EnsureOwnerRemainsAsync(command.OrganizationId, leaving, cancellationToken) is { } lastOwner)
        {
            return lastOwner;
        }

        if (await memberKeys.RevokeAsync(command.OrganizationId, member.UserId, leftKeys, now, cancellationToken) is { } changed)
        {
            return changed;
        }

        members.Remove(member);
        audit.Record(command.OrganizationId, AuditActions.MemberRemoved, target: command.UserId);
        await events.MemberRemovedAsync(member, leftKeys, cancellationToken);
        return new RemovedResponse(true);
    }
}
