using ApiKeys.Application.KeyChecking;

namespace ApiKeys.Infrastructure.HotPath;

/// <summary>
/// A token this node verified: what it stood for (the answer, and the last good one for stale-if-error), the digest
/// of the stored hash it matched, when, the eviction stamp it was read under, and until when it is trusted
/// and when it was last seen (timestamps of the time provider).
/// </summary>
public sealed class KnownToken(AuthenticatedKey lastGood, Sha256Digest matchedHash, DateTimeOffset verifiedAt, long stamp, long trustedUntil, long seenAt)
{
    private long _trustedUntil = trustedUntil;
    private long _lastSeen = seenAt;

    public AuthenticatedKey LastGood { get; } = lastGood;

    public Sha256Digest MatchedHash { get; } = matchedHash;

    public DateTimeOffset VerifiedAt { get; } = verifiedAt;

    public long Stamp { get; } = stamp;

    public long LastSeen => Volatile.Read(ref _lastSeen);

    /// <summary>Seen again: written only when <paramref name="granularity"/> has passed, so a hot token's hits do not all write the same line.</summary>
    public void SeenAt(long timestamp, long granularity)
    {
        if (timestamp - Volatile.Read(ref _lastSeen) >= granularity)
        {
            Volatile.Write(ref _lastSeen, timestamp);
        }
    }

    public bool IsTrustedAt(long timestamp) => timestamp < Volatile.Read(ref _trustedUntil);

    public void Distrust() => Volatile.Write(ref _trustedUntil, long.MinValue);
}
