using ApiKeys.Application.Abstractions;
using ApiKeys.Application.Common.Paging;
using ApiKeys.Domain.Audit;
using ApiKeys.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace ApiKeys.Infrastructure.Persistence.Repositories;

internal sealed class AuditEventRepository(DbSession session) : IAuditEventRepository
{
    public Task<Page<AuditEvent>> ListAsync(OrganizationId organizationId, AuditEventFilter filter, PageRequest page, CancellationToken cancellationToken)
    {
        var query = session.Db.AuditEvents.AsNoTracking().Where(e => e.OrganizationId == organizationId);
        if (filter.Action is { } action)
        {
            query = query.Where(e => e.Action == action);
        }

        if (filter.ApiKeyId is { } keyId)
        {
            query = query.Where(e => e.ApiKeyId == keyId);
        }

        if (Cursor.TryDecode(page.Cursor, out var cursor) && AuditEventId.TryParse(cursor.Id, out var afterId))
        {
            query = query.Where(e => e.OccurredAt > cursor.CreatedAt || (e.OccurredAt == cursor.CreatedAt && e.Id > afterId));
        }

        return query.OrderBy(e => e.OccurredAt).ThenBy(e => e.Id)
            .ToPageAsync(page.Limit, e => new Cursor(e.OccurredAt, e.Id.ToString()), cancellationToken);
    }

    public void Add(AuditEvent auditEvent) => session.Db.AuditEvents.Add(auditEvent);
}
