using ApiKeys.Domain.Common;
using ApiKeys.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace ApiKeys.Infrastructure.ChangeFeed;

/// <summary>
/// Change-feed rows for many keys in multi-row <c>INSERT</c>s: EF Core's tracked inserts cost tens of microseconds
/// a row, seconds for an app bound by tens of thousands of keys. Values are converted by the model's own mappings,
/// so the rows read back exactly as tracked ones.
/// </summary>
internal static class KeyChangeRows
{
    public static async Task InsertAsync(DbContext db, IReadOnlyList<ApiKeyId> keys, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var entity = db.Model.FindEntityType(typeof(KeyChange))!;
        var keyColumn = entity.FindProperty(nameof(KeyChange.ApiKeyId))!;
        var timeColumn = entity.FindProperty(nameof(KeyChange.ChangedAt))!;
        var changedAt = timeColumn.GetTypeMapping().Converter?.ConvertToProvider(now) ?? now;
        var toProvider = keyColumn.GetTypeMapping().Converter;
        foreach (var chunk in keys.Chunk(BulkStatements.MaxRows))
        {
            var values = string.Join(", ", chunk.Select((_, i) => $"({{{i + 1}}}, {{0}})"));
            object[] parameters = [changedAt, .. chunk.Select(k => toProvider?.ConvertToProvider(k) ?? k)];
            // Only the model's own names and placeholders are in the text; every value is a parameter.
            var sql = $"INSERT INTO {entity.GetTableName()} (\"{keyColumn.GetColumnName()}\", \"{timeColumn.GetColumnName()}\") VALUES {values}";
            await db.Database.ExecuteSqlRawAsync(sql, parameters, cancellationToken);
        }
    }
}
