using ApiKeys.Application.Abstractions;
using ApiKeys.Domain.Common;
using ApiKeys.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace ApiKeys.Infrastructure.HotPath;

/// <summary>
/// A key's hourly counts: the rows every node has written, plus this node's counts not written yet. The database is
/// read first: a flush that lands in between moves counts from memory to the rows already read, so an answer may
/// briefly miss a few counts but never shows one twice.
/// </summary>
public sealed class UsageHistory(AppDbContext db, UsageCounter counter) : IUsageHistory
{
    public async Task<IReadOnlyDictionary<DateTimeOffset, UsageCounts>> HourlyAsync(ApiKeyId keyId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var rows = await db.UsageHours.AsNoTracking()
            .Where(u => u.ApiKeyId == keyId && u.HourStart >= from && u.HourStart < to)
            .ToListAsync(cancellationToken);
        var hours = rows.ToDictionary(r => r.HourStart.ToUniversalTime(), r => r.Counts);
        foreach (var (hour, counts) in counter.Pending(keyId))
        {
            if (hour >= from && hour < to)
            {
                hours[hour] = hours.GetValueOrDefault(hour) + counts;
            }
        }

        return hours;
    }
}
