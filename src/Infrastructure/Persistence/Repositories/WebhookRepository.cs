using ApiKeys.Application.Abstractions;
using ApiKeys.Application.Common.Paging;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace ApiKeys.Infrastructure.Persistence.Repositories;

internal sealed class WebhookRepository(DbSession session) : IWebhookRepository
{
    public Task<WebhookEndpoint?> FindAsync(OrganizationId organizationId, WebhookId id, CancellationToken cancellationToken) =>
        session.Db.WebhookEndpoints.FirstOrDefaultAsync(w => w.Id == id && w.OrganizationId == organizationId, cancellationToken);

    public Task<Page<WebhookEndpoint>> ListAsync(OrganizationId organizationId, PageRequest page, CancellationToken cancellationToken)
    {
        var query = session.Db.WebhookEndpoints.AsNoTracking().Where(w => w.OrganizationId == organizationId);
        if (Cursor.TryDecode(page.Cursor, out var cursor) && WebhookId.TryParse(cursor.Id, out var afterId))
        {
            query = query.Where(w => w.CreatedAt > cursor.CreatedAt || (w.CreatedAt == cursor.CreatedAt && w.Id > afterId));
        }

        return query.OrderBy(w => w.CreatedAt).ThenBy(w => w.Id)
            .ToPageAsync(page.Limit, w => new Cursor(w.CreatedAt, w.Id.ToString()), cancellationToken);
    }

    public Task<int> CountAsync(OrganizationId organizationId, CancellationToken cancellationToken) =>
        session.Db.WebhookEndpoints.CountAsync(w => w.OrganizationId == organizationId, cancellationToken);

    public async Task<IReadOnlyList<WebhookEndpoint>> ListSubscribedAsync(OrganizationId organizationId, string eventType, CancellationToken cancellationToken)
    {
        // Subscriptions live in a JSON column and an organization has few endpoints: narrow in SQL, match in memory.
        var endpoints = await session.Db.WebhookEndpoints.AsNoTracking().Where(w => w.OrganizationId == organizationId).ToListAsync(cancellationToken);
        return [.. endpoints.Where(w => w.Wants(eventType))];
    }

    public Task<Page<WebhookDelivery>> ListDeliveriesAsync(WebhookId webhookId, PageRequest page, CancellationToken cancellationToken)
    {
        // Newest first: the console shows recent deliveries.
        var query = session.Db.WebhookDeliveries.AsNoTracking().Where(d => d.WebhookId == webhookId);
        if (Cursor.TryDecode(page.Cursor, out var cursor) && WebhookMessageId.TryParse(cursor.Id, out var beforeId))
        {
            query = query.Where(d => d.CreatedAt < cursor.CreatedAt || (d.CreatedAt == cursor.CreatedAt && d.Id < beforeId));
        }

        return query.OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id)
            .ToPageAsync(page.Limit, d => new Cursor(d.CreatedAt, d.Id.ToString()), cancellationToken);
    }

    public void Add(WebhookEndpoint endpoint) => session.Db.WebhookEndpoints.Add(endpoint);

    public void Remove(WebhookEndpoint endpoint) => session.Db.WebhookEndpoints.Remove(endpoint);

    public void AddDelivery(WebhookDelivery delivery) => session.Db.WebhookDeliveries.Add(delivery);
}
