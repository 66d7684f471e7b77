using ApiKeys.Domain.Common;

namespace ApiKeys.Infrastructure.Persistence.KeyIndex;

/// <summary>
/// What the list's <c>search</c> matches for one key: its name and prefix, lowered once here (invariant culture, the
/// same lowering as the search text) rather than by each database's own <c>lower()</c>. A narrow row of its own, so
/// the search indexes (PostgreSQL's trigram indexes) live beside the key and not on it: changing a key's roles or
/// revoking thousands of them does not touch them. Written from the key at save (<see cref="KeyIndexWriter"/>).
/// </summary>
public sealed class ApiKeySearchText
{
    public required ApiKeyId ApiKeyId { get; init; }

    public required OrganizationId OrganizationId { get; init; }

    public required string Name { get; set; }

    public required string Prefix { get; set; }

    public static string Lowered(string text) => text.ToLowerInvariant();
}
