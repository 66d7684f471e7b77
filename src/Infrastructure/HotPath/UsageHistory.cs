using ApiKeys.Application.Abstractions;
using ApiKeys.Domain.Common;
using ApiKeys.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace ApiKeys.Infrastructure.HotPath;

/// <summary>
/// A key's hourly counts: the rows every node has written, plus this node's counts not written yet. A flush of this
/// node moves counts from memory to the rows; the two are read while no flush is in flight and none started, so a
/// count is neither missed nor shown twice (after a few tries during a slow flush, the answer is taken as read:
/// it may then miss the counts in flight, never show one twice, as the database is read first).
/// </summary>
public sealed class UsageHistory(AppDbContext db, UsageCounter counter) : IUsageHistory
{
    private const int Tries = 20;
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(10);

    public async Task<IReadOnlyDictionary<DateTimeOffset, UsageCounts>> HourlyAsync(ApiKeyId keyId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var before = counter.FlushState;
            if (before.Drained != before.Settled && attempt < Tries)
            {
                await Task.Delay(Pause, cancellationToken);
                continue;
            }

            var hours = await ReadAsync(keyId, from, to, cancellationToken);
            if (counter.FlushState == before || attempt >= Tries)
            {
                return hours;
            }
        }
    }

    private async Task<Dictionary<DateTimeOffset, UsageCounts>> ReadAsync(ApiKeyId keyId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
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
