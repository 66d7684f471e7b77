using ApiKeys.Application.Abstractions;
using ApiKeys.Application.Audit;
using ApiKeys.Application.Common.Security;
using ApiKeys.Application.Events;
using ApiKeys.Application.Members.Common;
using ApiKeys.Application.Organizations.Common;
using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Organizations;
using ApiKeys.Domain.Webhooks;
using Mediator;

namespace ApiKeys.Application.Members.Remove;

internal sealed class RemoveMemberHandler(
    IMemberRepository members,
    IApiKeyRepository keys,
    IOrganizationRepository organizations,
    TargetGuard guard,
    OwnershipGuard ownership,
    EventOutbox events,
    AuditTrail audit,
    TimeProvider time)
    : ICommandHandler<RemoveMemberCommand, Result<RemovedResponse>>
{
    public async ValueTask<Result<RemovedResponse>> Handle(RemoveMemberCommand command, CancellationToken cancellationToken)
    {
        var member = await members.FindAsync(command.OrganizationId, command.UserId, cancellationToken);
        if (member is null)
        {
            return OrganizationErrors.MemberNotFound;
        }

        if (guard.EnsureCovers(member, AuditActions.MemberRemoved) is { } refused)
        {
            return refused;
        }

        // The member's keys go with the member (unless the policy keeps them): the caller must cover them too.
        var organization = await organizations.FindAsync(command.OrganizationId, cancellationToken);
        IReadOnlyList<ApiKey> leftKeys = organization?.KeyPolicy.KeepKeysOfRemovedMembers == true
            ? []
            : MemberRules.KeysCreatedBy(member.UserId, await keys.ListUnrevokedAsync(command.OrganizationId, cancellationToken));
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

        foreach (var key in leftKeys)
        {
            if (key.Revoke(now).IsSuccess)
            {
                audit.Record(command.OrganizationId, AuditActions.ApiKeyRevoked, key.Id.ToString(), target: member.UserId);
                await events.KeyEventAsync(WebhookEvents.ApiKeyRevoked, key, cancellationToken);
            }
        }

        members.Remove(member);
        audit.Record(command.OrganizationId, AuditActions.MemberRemoved, target: command.UserId);
        await events.MemberRemovedAsync(member, leftKeys, cancellationToken);
        return new RemovedResponse(true);
    }
}
