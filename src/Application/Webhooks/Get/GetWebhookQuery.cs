using ApiKeys.Application.Abstractions;
using ApiKeys.Application.Webhooks.Common;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Webhooks;
using Mediator;

namespace ApiKeys.Application.Webhooks.Get;

public sealed record GetWebhookQuery(OrganizationId OrganizationId, WebhookId WebhookId) : IQuery<Result<WebhookEnvelope>>, IWebhookRequest;

internal sealed class GetWebhookHandler(IWebhookRepository webhooks) : IQueryHandler<GetWebhookQuery, Result<WebhookEnvelope>>
{
    public async ValueTask<Result<WebhookEnvelope>> Handle(GetWebhookQuery query, CancellationToken cancellationToken) =>
        await webhooks.FindAsync(query.OrganizationId, query.WebhookId, cancellationToken) is { } endpoint
            ? new WebhookEnvelope(WebhookResponse.From(endpoint))
            : WebhookErrors.NotFound;
}
