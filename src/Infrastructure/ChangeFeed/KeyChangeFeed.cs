using ApiKeys.Application.Abstractions;
using ApiKeys.Domain.Common;
using ApiKeys.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ApiKeys.Infrastructure.ChangeFeed;

/// <summary>
/// Reads the change feed for one organization: feed rows after a position joined to their key (for its
/// organization, current prefix and state). The feed keeps rows for <c>ChangeFeed:RetentionSeconds</c>.
/// A number is taken when its row is inserted, not when it commits, so a cursor past a number still in flight would
/// never see that row: nothing at or past a hole among the newest rows is answered until the hole fills or settles
/// (<c>ChangeFeed:SettleMilliseconds</c>; a rolled-back save leaves a hole that never fills).
/// </summary>
internal sealed class KeyChangeFeed(DbSession session, KeyChangeSignal signal, IOptions<ChangeFeedOptions> options, TimeProvider time) : IKeyChangeFeed
{
    public const string Revoked = "revoked";
    public const string Updated = "updated";

    // The newest rows looked at for holes in one read; past them the answer waits for the next read.
    private const int Scan = 1000;

    public Task NextChange => signal.Next;

    public async Task<IReadOnlyList<KeyChangeEntry>> ReadAsync(OrganizationId organizationId, long after, int limit, CancellationToken cancellationToken)
    {
        var db = session.Db;
        var settled = await SettledBelowAsync(after, cancellationToken);
        var rows = await db.KeyChanges.AsNoTracking()
            .Where(c => c.Sequence > after && c.Sequence < settled)
            .Join(db.ApiKeys.AsNoTracking(), c => c.ApiKeyId, k => k.Id, (c, k) => new { c.Sequence, c.ChangedAt, k.Id, k.OrganizationId, k.Secret.KeyPrefix, k.RevokedAt })
            .Where(r => r.OrganizationId == organizationId)
            .OrderBy(r => r.Sequence)
            .Take(limit)
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => new KeyChangeEntry(r.Sequence, r.Id, r.KeyPrefix, r.RevokedAt is null ? Updated : Revoked, r.ChangedAt))];
    }

    public async Task<long> PositionAsync(CancellationToken cancellationToken)
    {
        var newest = await session.Db.KeyChanges.MaxAsync(c => (long?)c.Sequence, cancellationToken) ?? 0;
        return Math.Min(newest, await SettledBelowAsync(0, cancellationToken) - 1);
    }

    /// <summary>The first number after <paramref name="after"/> that may belong to a transaction still in flight.</summary>
    private async Task<long> SettledBelowAsync(long after, CancellationToken cancellationToken)
    {
        var db = session.Db;
        var since = time.GetUtcNow() - TimeSpan.FromMilliseconds(options.Value.SettleMilliseconds);
        var young = await db.KeyChanges.AsNoTracking()
            .Where(c => c.Sequence > after && c.ChangedAt >= since)
            .OrderBy(c => c.Sequence)
            .Take(Scan)
            .Select(c => c.Sequence)
            .ToListAsync(cancellationToken);
        if (young.Count == 0)
        {
            return long.MaxValue;
        }

        // With no row between, the numbers below the first young one are unknown (pruned, rolled back or still in
        // flight, even from the very start): they count as a hole until it settles.
        var previous = await db.KeyChanges.Where(c => c.Sequence > after && c.Sequence < young[0]).MaxAsync(c => (long?)c.Sequence, cancellationToken)
            ?? after;
        foreach (var sequence in young)
        {
            if (sequence != previous + 1)
            {
                return previous + 1;
            }

            previous = sequence;
        }

        return young.Count == Scan ? previous + 1 : long.MaxValue;
    }
}
