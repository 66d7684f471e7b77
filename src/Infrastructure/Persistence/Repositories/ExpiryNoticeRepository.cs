using ApiKeys.Application.Abstractions;
using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace ApiKeys.Infrastructure.Persistence.Repositories;

internal sealed class ExpiryNoticeRepository(DbSession session) : IExpiryNoticeRepository
{
    public async Task<IReadOnlyList<ApiKey>> ListDueAsync(DateTimeOffset now, DateTimeOffset horizon, int limit, CancellationToken cancellationToken)
    {
        var db = session.Db;
        // Keys whose final notice for this expiry is still to come; which threshold applies is decided in memory.
        var candidates = await db.ApiKeys.AsNoTracking()
            .Where(k => k.RevokedAt == null && k.ExpiresAt != null && k.ExpiresAt <= horizon)
            .Where(k => !db.ExpiryNotices.Any(n => n.ApiKeyId == k.Id && n.ExpiresAt == k.ExpiresAt && n.Threshold == ExpiryNotice.Expired))
            .OrderBy(k => k.ExpiresAt)
            .Take(limit)
            .ToListAsync(cancellationToken);
        var ids = candidates.Select(k => k.Id).ToList();
        var raised = await db.ExpiryNotices.AsNoTracking().Where(n => ids.Contains(n.ApiKeyId))
            .Select(n => new { n.ApiKeyId, n.Threshold, n.ExpiresAt })
            .ToListAsync(cancellationToken);
        return [.. candidates.Where(k => ExpiryNotice.ThresholdAt(k.ExpiresAt!.Value, now) is { } threshold
            && !raised.Any(n => n.ApiKeyId == k.Id && n.Threshold == threshold && n.ExpiresAt == k.ExpiresAt))];
    }

    public void Add(ExpiryNotice notice) => session.Db.ExpiryNotices.Add(notice);
}
