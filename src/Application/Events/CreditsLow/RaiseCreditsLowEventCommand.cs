using ApiKeys.Application.Abstractions;
using ApiKeys.Application.Common.Security;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Webhooks;
using Mediator;

namespace ApiKeys.Application.Events.CreditsLow;

/// <summary>
/// Sent by the service itself when a verify found a key's credits low (<see cref="CreditsLowAlerts"/>): raises
/// <c>api_key.credits_low</c> once per grant. The notice and the outbox rows are saved together; the notice is unique
/// per key and grant, so of raises racing for the same grant (nodes, verifies) only one commits. The key is not
/// written: no new version, no cache eviction, no change in <c>key-changes</c>. Never sent over HTTP.
/// </summary>
public sealed record RaiseCreditsLowEventCommand(OrganizationId OrganizationId, ApiKeyId KeyId) : ICommand<Result<bool>>, IUnauthenticatedRequest;

internal sealed class RaiseCreditsLowEventHandler(IApiKeyRepository keys, ICreditNoticeRepository notices, EventOutbox events)
    : ICommandHandler<RaiseCreditsLowEventCommand, Result<bool>>
{
    public async ValueTask<Result<bool>> Handle(RaiseCreditsLowEventCommand command, CancellationToken cancellationToken)
    {
        var key = await keys.FindAsync(command.OrganizationId, command.KeyId, cancellationToken);
        if (key is null || key.IsRevoked || !key.CreditsLow || key.CreditsRefilledAt is not { } grantedAt)
        {
            return false;
        }

        notices.Add(CreditNotice.For(key.Id, grantedAt));
        await events.KeyEventAsync(WebhookEvents.ApiKeyCreditsLow, key, cancellationToken);
        return true;
    }
}
