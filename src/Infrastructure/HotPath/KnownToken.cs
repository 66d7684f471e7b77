using ApiKeys.Application.KeyChecking;

namespace ApiKeys.Infrastructure.HotPath;

/// <summary>
/// A token this node verified: what it stood for (the answer, and the last good one for stale-if-error), the digest
/// of the stored hash it matched, when, the eviction stamp it was read under, and until when it is trusted
/// (a timestamp of the time provider).
/// </summary>
public sealed class KnownToken(AuthenticatedKey lastGood, Sha256Digest matchedHash, DateTimeOffset verifiedAt, long stamp, long trustedUntil)
{
    private long _trustedUntil = trustedUntil;

    public AuthenticatedKey LastGood { get; } = lastGood;

    public Sha256Digest MatchedHash { get; } = matchedHash;

    public DateTimeOffset VerifiedAt { get; } = verifiedAt;

    public long Stamp { get; } = stamp;

    public bool IsTrustedAt(long timestamp) => timestamp < Volatile.Read(ref _trustedUntil);

    public void Distrust() => Volatile.Write(ref _trustedUntil, long.MinValue);
}
