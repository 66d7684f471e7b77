using ApiKeys.Domain.Webhooks;
using ApiKeys.Infrastructure.Persistence;
using ApiKeys.Infrastructure.Persistence.Configurations;
using Microsoft.EntityFrameworkCore;

namespace ApiKeys.Infrastructure.Events;

/// <summary>
/// Claims due outbox rows for this node: each row gets this claim's token and a lease, in one statement, so that
/// of several nodes claiming at once each row goes to exactly one; a node that dies mid-delivery leaves the lease
/// to run out, and the row is claimed again (at least once). PostgreSQL skips rows another node holds
/// (<c>FOR UPDATE SKIP LOCKED</c>); SQLite serializes writers, and SQL Server's UPDATE re-checks the lease under
/// its row locks, so the same conditional UPDATE is the claim there.
/// </summary>
public static class OutboxClaimer
{
    public static async Task<IReadOnlyList<WebhookDelivery>> ClaimAsync(AppDbContext db, int limit, TimeSpan lease, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var token = Guid.NewGuid();
        var until = now + lease;
        if (db is PostgresAppDbContext)
        {
            await db.Database.ExecuteSqlInterpolatedAsync($"""
                UPDATE webhook_deliveries SET "ClaimedUntil" = {until}, "ClaimToken" = {token}
                WHERE "Id" IN (
                    SELECT "Id" FROM webhook_deliveries
                    WHERE "NextAttemptAt" <= {now} AND ("ClaimedUntil" IS NULL OR "ClaimedUntil" < {now})
                    ORDER BY "NextAttemptAt" LIMIT {limit}
                    FOR UPDATE SKIP LOCKED)
                """, cancellationToken);
        }
        else
        {
            var due = db.WebhookDeliveries
                .Where(d => d.NextAttemptAt <= now && (d.ClaimedUntil == null || d.ClaimedUntil < now))
                .OrderBy(d => d.NextAttemptAt)
                .Take(limit)
                .Select(d => d.Id);
            await db.WebhookDeliveries
                .Where(d => due.Contains(d.Id) && d.NextAttemptAt <= now && (d.ClaimedUntil == null || d.ClaimedUntil < now))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(d => d.ClaimedUntil, until)
                    .SetProperty(d => EF.Property<Guid?>(d, WebhookDeliveryConfiguration.ClaimToken), token), cancellationToken);
        }

        return await db.WebhookDeliveries
            .Where(d => EF.Property<Guid?>(d, WebhookDeliveryConfiguration.ClaimToken) == token)
            .ToListAsync(cancellationToken);
    }
}
