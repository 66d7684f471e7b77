using ApiKeys.Domain.Common;

namespace ApiKeys.Infrastructure.ChangeFeed;

/// <summary>
/// A row of the change feed: a key whose authentication changed (revoked, regenerated, re-roled, expiry). Written
/// in the same transaction as the change; every node polls the table and evicts the key from its caches.
/// </summary>
public sealed class KeyChange
{
    public long Sequence { get; private set; }

    public ApiKeyId ApiKeyId { get; private set; }

    public DateTimeOffset ChangedAt { get; private set; }

    public static KeyChange For(ApiKeyId keyId, DateTimeOffset now) => new() { ApiKeyId = keyId, ChangedAt = now };
}
