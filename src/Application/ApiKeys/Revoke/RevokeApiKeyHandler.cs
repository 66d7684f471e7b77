using ApiKeys.Application.ApiKeys.Common;
using ApiKeys.Application.Audit;
using ApiKeys.Application.Common.Security;
using ApiKeys.Application.Events;
using ApiKeys.Application.Organizations.Common;
using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Webhooks;
using Mediator;

namespace ApiKeys.Application.ApiKeys.Revoke;

internal sealed class RevokeApiKeyHandler(KeyLookup keys, TargetGuard guard, OwnershipGuard ownership, AuditTrail audit, EventOutbox events, TimeProvider time)
    : ICommandHandler<RevokeApiKeyCommand, Result<RevokedResponse>>
{
    public async ValueTask<Result<RevokedResponse>> Handle(RevokeApiKeyCommand command, CancellationToken cancellationToken)
    {
        // Already revoked is a miss, as is an RBAC key on Capgo's route (it sees legacy keys only).
        var found = (await keys.FindAsync(command.OrganizationId, command.KeyId, cancellationToken))
            .Ensure(k => !k.IsRevoked && (!command.LegacyOnly || k.Kind == ApiKeyKind.Legacy), ApiKeyErrors.NotFound);
        if (!found.IsSuccess)
        {
            return found.Error!;
        }

        var key = found.Value;
        if (!guard.IsSelf(key) && guard.EnsureCovers(key, AuditActions.ApiKeyRevoked) is { } refused)
        {
            return refused;
        }

        var now = time.Now();
        if (await ownership.EnsureOwnerRemainsAsync(command.OrganizationId, key.IsOwner(now) ? 1 : 0, cancellationToken) is { } lastOwner)
        {
            return lastOwner;
        }

        var revoked = key.Revoke(now);
        if (!revoked.IsSuccess)
        {
            return revoked.Error!;
        }

        audit.Record(command.OrganizationId, AuditActions.ApiKeyRevoked, key.Id.ToString());
        await events.KeyEventAsync(WebhookEvents.ApiKeyRevoked, key, cancellationToken);
        return new RevokedResponse(true);
    }
}
