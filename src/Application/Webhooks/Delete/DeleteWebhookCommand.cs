using ApiKeys.Application.Abstractions;
using ApiKeys.Application.Audit;
using ApiKeys.Application.Webhooks.Common;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Webhooks;
using Mediator;

namespace ApiKeys.Application.Webhooks.Delete;

/// <summary>Deletes an endpoint: its pending deliveries go with it, nothing more is sent to it.</summary>
public sealed record DeleteWebhookCommand(OrganizationId OrganizationId, WebhookId WebhookId) : ICommand<Result<WebhookDeletedResponse>>, IWebhookRequest;

internal sealed class DeleteWebhookHandler(IWebhookRepository webhooks, AuditTrail audit) : ICommandHandler<DeleteWebhookCommand, Result<WebhookDeletedResponse>>
{
    public async ValueTask<Result<WebhookDeletedResponse>> Handle(DeleteWebhookCommand command, CancellationToken cancellationToken)
    {
        if (await webhooks.FindAsync(command.OrganizationId, command.WebhookId, cancellationToken) is not { } endpoint)
        {
            return WebhookErrors.NotFound;
        }

        webhooks.Remove(endpoint);
        audit.Record(command.OrganizationId, AuditActions.WebhookDeleted, target: endpoint.Id.ToString());
        return new WebhookDeletedResponse(true);
    }
}
