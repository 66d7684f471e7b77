using ApiKeys.Application.Abstractions;
using ApiKeys.Application.Audit.Common;
using ApiKeys.Application.Common.Paging;
using ApiKeys.Domain.Common;
using Mediator;

namespace ApiKeys.Application.Audit.List;

internal sealed class ListAuditEventsHandler(IAuditEventRepository events) : IQueryHandler<ListAuditEventsQuery, Result<AuditEventListResponse>>
{
    public async ValueTask<Result<AuditEventListResponse>> Handle(ListAuditEventsQuery query, CancellationToken cancellationToken)
    {
        var filter = new AuditEventFilter(query.Action, query.KeyId);
        var page = await events.ListAsync(query.OrganizationId, filter, ListValidation.ToPage(query.Limit, query.Cursor), cancellationToken);
        return new AuditEventListResponse([.. page.Items.Select(AuditEventMapping.ToResponse)], page.NextCursor);
    }
}
