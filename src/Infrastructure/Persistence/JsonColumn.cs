using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ApiKeys.Infrastructure.Persistence;

/// <summary>
/// Small lists (role bindings, scopes, app ids) stored as one JSON text column: the same on every provider,
/// compared by value so that replacing a list is seen as a change.
/// </summary>
internal static class JsonColumn
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    // Records' computed members (a rate limit's Window) are not stored: only what the constructor takes.
    private static readonly JsonSerializerOptions ValueOptions = new(JsonSerializerDefaults.Web) { IgnoreReadOnlyProperties = true };

    public static PropertyBuilder<List<T>> AsJsonList<T>(this PropertyBuilder<List<T>> property, string columnName) =>
        property.AsJsonList(columnName, Options);

    /// <summary>A list of small records, stored without their computed members.</summary>
    public static PropertyBuilder<List<T>> AsJsonValueList<T>(this PropertyBuilder<List<T>> property, string columnName) =>
        property.AsJsonList(columnName, ValueOptions);

    private static PropertyBuilder<List<T>> AsJsonList<T>(this PropertyBuilder<List<T>> property, string columnName, JsonSerializerOptions options) =>
        property
            .HasColumnName(columnName)
            .HasConversion(
                list => JsonSerializer.Serialize(list, options),
                json => JsonSerializer.Deserialize<List<T>>(json, options) ?? new List<T>(),
                new ValueComparer<List<T>>(
                    (a, b) => a!.SequenceEqual(b!),
                    list => list.Aggregate(0, (hash, item) => HashCode.Combine(hash, item)),
                    list => list.ToList()))
            .IsRequired();
}
