using ApiKeys.Application.Abstractions;
using ApiKeys.Application.Common.Security;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Webhooks;
using Mediator;

namespace ApiKeys.Application.Events.CreditsLow;

/// <summary>
/// Sent by the service itself when a verify's take left a key's credits low (<see cref="CreditsLowAlerts"/>):
/// raises <c>api_key.credits_low</c> once per grant. The mark and the outbox row are saved together, on the key's
/// version, so of nodes that saw the same take only one raises it. Never sent over HTTP.
/// </summary>
public sealed record RaiseCreditsLowEventCommand(OrganizationId OrganizationId, ApiKeyId KeyId) : ICommand<Result<bool>>, IUnauthenticatedRequest;

internal sealed class RaiseCreditsLowEventHandler(IApiKeyRepository keys, EventOutbox events, TimeProvider time)
    : ICommandHandler<RaiseCreditsLowEventCommand, Result<bool>>
{
    public async ValueTask<Result<bool>> Handle(RaiseCreditsLowEventCommand command, CancellationToken cancellationToken)
    {
        var key = await keys.FindAsync(command.OrganizationId, command.KeyId, cancellationToken);
        if (key is null || !key.MarkCreditsLow(time.Now()))
        {
            return false;
        }

        await events.KeyEventAsync(WebhookEvents.ApiKeyCreditsLow, key, cancellationToken);
        return true;
    }
}
