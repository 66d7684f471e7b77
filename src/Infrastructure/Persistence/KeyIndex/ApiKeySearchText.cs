using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.Common;

namespace ApiKeys.Infrastructure.Persistence.KeyIndex;

/// <summary>
/// What the list's <c>search</c> matches for one key: its name and prefix, lowered once here (invariant culture, the
/// same lowering as the search text) rather than by each database's own <c>lower()</c>. A narrow row of its own, so
/// the search indexes (PostgreSQL's trigram indexes) live beside the key and not on it: changing a key's roles or
/// revoking thousands of them does not touch them. It carries the key's creation time too, so a search in the default
/// order can walk these rows newest first and stop at a full page. Written from the key at save (<see cref="KeyIndexWriter"/>).
/// </summary>
public sealed class ApiKeySearchText
{
    public required ApiKeyId ApiKeyId { get; init; }

    public required OrganizationId OrganizationId { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required string Name { get; set; }

    public required string Prefix { get; set; }

    public static string Lowered(string text) => text.ToLowerInvariant();

    public static ApiKeySearchText Of(ApiKey key) => new()
    {
        ApiKeyId = key.Id,
        OrganizationId = key.OrganizationId,
        CreatedAt = key.CreatedAt,
        Name = Lowered(key.Name),
        Prefix = Lowered(key.Secret.KeyPrefix),
    };
}
