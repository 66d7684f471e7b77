using ApiKeys.Application.Abstractions;
using ApiKeys.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace ApiKeys.Infrastructure.HotPath;

/// <summary>
/// Adds a batch of usage counts to <c>usage_hours</c> in one transaction: an increment in place, or a new row when
/// the hour has none yet. Safe with several nodes writing the same hour: a node that loses the race to insert gets
/// a unique violation (EF rolls back to the savepoint it took before the insert) and increments the winner's row.
/// Slots are written in one order on every node, so two flushes never wait on each other in a cycle.
/// </summary>
public sealed class UsageWriter(AppDbContext db)
{
    public async Task WriteAsync(IReadOnlyDictionary<UsageSlot, UsageCounts> batch, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var (slot, counts) in batch.OrderBy(p => p.Key.Key.Value).ThenBy(p => p.Key.HourStart))
        {
            if (counts.IsEmpty || await IncrementAsync(slot, counts, cancellationToken))
            {
                continue;
            }

            var row = db.UsageHours.Add(UsageHour.For(slot.Key, slot.HourStart, counts));
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException exception) when (DatabaseFailures.IsUniqueViolation(exception))
            {
                row.State = EntityState.Detached;
                if (!await IncrementAsync(slot, counts, cancellationToken))
                {
                    throw;
                }
            }
            finally
            {
                row.State = EntityState.Detached;
            }
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private async Task<bool> IncrementAsync(UsageSlot slot, UsageCounts counts, CancellationToken cancellationToken) =>
        await db.UsageHours
            .Where(u => u.ApiKeyId == slot.Key && u.HourStart == slot.HourStart)
            .ExecuteUpdateAsync(
                set => set
                    .SetProperty(u => u.Valid, u => u.Valid + counts.Valid)
                    .SetProperty(u => u.Rejected, u => u.Rejected + counts.Rejected)
                    .SetProperty(u => u.RateLimited, u => u.RateLimited + counts.RateLimited)
                    .SetProperty(u => u.UsageExceeded, u => u.UsageExceeded + counts.UsageExceeded),
                cancellationToken) > 0;
}
