using ApiKeys.Application.Abstractions;
using ApiKeys.Domain.Common;
using ApiKeys.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace ApiKeys.Infrastructure.ChangeFeed;

/// <summary>
/// Reads the change feed for one organization: feed rows after a position joined to their key (for its
/// organization, current prefix and state). The feed keeps rows for <c>ChangeFeed:RetentionSeconds</c>.
/// </summary>
internal sealed class KeyChangeFeed(DbSession session, KeyChangeSignal signal) : IKeyChangeFeed
{
    public const string Revoked = "revoked";
    public const string Updated = "updated";

    public Task NextChange => signal.Next;

    public async Task<IReadOnlyList<KeyChangeEntry>> ReadAsync(OrganizationId organizationId, long after, int limit, CancellationToken cancellationToken)
    {
        var db = session.Db;
        var rows = await db.KeyChanges.AsNoTracking()
            .Where(c => c.Sequence > after)
            .Join(db.ApiKeys.AsNoTracking(), c => c.ApiKeyId, k => k.Id, (c, k) => new { c.Sequence, c.ChangedAt, k.Id, k.OrganizationId, k.Secret.KeyPrefix, k.RevokedAt })
            .Where(r => r.OrganizationId == organizationId)
            .OrderBy(r => r.Sequence)
            .Take(limit)
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => new KeyChangeEntry(r.Sequence, r.Id, r.KeyPrefix, r.RevokedAt is null ? Updated : Revoked, r.ChangedAt))];
    }

    public async Task<long> PositionAsync(CancellationToken cancellationToken) =>
        await session.Db.KeyChanges.MaxAsync(c => (long?)c.Sequence, cancellationToken) ?? 0;
}
