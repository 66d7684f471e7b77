using ApiKeys.Application.Abstractions;
using ApiKeys.Application.Common.Paging;
using ApiKeys.Application.Webhooks.Common;
using ApiKeys.Domain.Common;
using FluentValidation;
using Mediator;

namespace ApiKeys.Application.Webhooks.List;

public sealed record ListWebhooksQuery(OrganizationId OrganizationId, string? Cursor, int? Limit) : IQuery<Result<WebhookListResponse>>, IWebhookRequest;

internal sealed class ListWebhooksValidator : AbstractValidator<ListWebhooksQuery>
{
    public ListWebhooksValidator() => this.ValidPage(q => q.Limit, q => q.Cursor);
}

internal sealed class ListWebhooksHandler(IWebhookRepository webhooks) : IQueryHandler<ListWebhooksQuery, Result<WebhookListResponse>>
{
    public async ValueTask<Result<WebhookListResponse>> Handle(ListWebhooksQuery query, CancellationToken cancellationToken)
    {
        var page = await webhooks.ListAsync(query.OrganizationId, ListValidation.ToPage(query.Limit, query.Cursor), cancellationToken);
        return new WebhookListResponse([.. page.Items.Select(WebhookResponse.From)], page.NextCursor);
    }
}
