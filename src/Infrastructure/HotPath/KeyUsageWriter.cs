using ApiKeys.Domain.Common;
using ApiKeys.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace ApiKeys.Infrastructure.HotPath;

/// <summary>Writes a batch of last uses: one set-based update per key, no entity loaded, no concurrency token touched.</summary>
public sealed class KeyUsageWriter(AppDbContext db)
{
    public async Task WriteAsync(IReadOnlyDictionary<ApiKeyId, DateTimeOffset> batch, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var (keyId, usedAt) in batch)
        {
            await db.ApiKeys
                .Where(k => k.Id == keyId && (k.LastUsedAt == null || k.LastUsedAt < usedAt))
                .ExecuteUpdateAsync(set => set.SetProperty(k => k.LastUsedAt, usedAt), cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }
}
