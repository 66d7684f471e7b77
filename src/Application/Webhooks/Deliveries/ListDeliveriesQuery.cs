using ApiKeys.Application.Abstractions;
using ApiKeys.Application.Common.Paging;
using ApiKeys.Application.Webhooks.Common;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Webhooks;
using FluentValidation;
using Mediator;

namespace ApiKeys.Application.Webhooks.Deliveries;

/// <summary>An endpoint's deliveries, newest first: what was sent, how often, and what the receiver answered.</summary>
public sealed record ListDeliveriesQuery(OrganizationId OrganizationId, WebhookId WebhookId, string? Cursor, int? Limit) : IQuery<Result<DeliveryListResponse>>, IWebhookRequest;

internal sealed class ListDeliveriesValidator : AbstractValidator<ListDeliveriesQuery>
{
    public ListDeliveriesValidator() => this.ValidPage(q => q.Limit, q => q.Cursor);
}

internal sealed class ListDeliveriesHandler(IWebhookRepository webhooks) : IQueryHandler<ListDeliveriesQuery, Result<DeliveryListResponse>>
{
    public async ValueTask<Result<DeliveryListResponse>> Handle(ListDeliveriesQuery query, CancellationToken cancellationToken)
    {
        if (await webhooks.FindAsync(query.OrganizationId, query.WebhookId, cancellationToken) is null)
        {
            return WebhookErrors.NotFound;
        }

        var page = await webhooks.ListDeliveriesAsync(query.WebhookId, ListValidation.ToPage(query.Limit, query.Cursor), cancellationToken);
        return new DeliveryListResponse([.. page.Items.Select(DeliveryResponse.From)], page.NextCursor);
    }
}
