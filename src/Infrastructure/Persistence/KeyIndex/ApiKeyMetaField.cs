using System.Text;
using ApiKeys.Domain.Common;

namespace ApiKeys.Infrastructure.Persistence.KeyIndex;

/// <summary>
/// One top-level string field of a key's <c>meta</c>, as a row indexed by (field, value) for the list's
/// <c>meta.&lt;field&gt;</c> filter. Only fields and values short enough for an index entry on every provider are
/// kept (lengths in UTF-8 bytes, no NUL, the same rule as the migration that moved existing meta); the filter refuses
/// longer ones (400), so it never misses a key it should find.
/// </summary>
public sealed class ApiKeyMetaField
{
    public const int FieldMaxLength = 64;
    public const int ValueMaxLength = 200;

    public required ApiKeyId ApiKeyId { get; init; }

    public required OrganizationId OrganizationId { get; init; }

    public required string Field { get; init; }

    public required string Value { get; set; }

    public static bool Indexable(string field, string value) =>
        Encoding.UTF8.GetByteCount(field) is > 0 and <= FieldMaxLength
        && Encoding.UTF8.GetByteCount(value) <= ValueMaxLength
        && !value.Contains('\0', StringComparison.Ordinal);
}
