using System.Collections.Concurrent;
using ApiKeys.Application.KeyChecking;
using ApiKeys.Domain.Common;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace ApiKeys.Infrastructure.HotPath;

/// <summary>
/// The verified-key cache and the negative cache, keyed by the SHA-256 of a token (never the token). Two separate
/// bounded maps (<see cref="KnownTokens"/>, and a <see cref="MemoryCache"/> for failures), so a flood of bad tokens
/// can only evict other bad tokens. A verified token has
/// one entry: its answer, trusted for <c>CacheTtlSeconds</c>, and, for as long as the token stays in use, what lets
/// this node check it again with one read and no Argon2 (<see cref="KnownToken"/>).
/// <para>
/// Evicting a key costs the same however many of its tokens are cached: a note of the key's place in the count of
/// evictions. An entry stored under an older stamp is no longer trusted (<see cref="TryGetVerified"/>), and an
/// answer whose read began before the note is dropped as it is stored (<see cref="Remember"/>). Nothing is kept per
/// cached key but its entry.
/// </para>
/// </summary>
public sealed class KeyCache : IDisposable
{
    private readonly KnownTokens _verified;
    private readonly MemoryCache _failed;
    private readonly HotPathOptions _options;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<ApiKeyId, Eviction> _lastEvictions = new();
    private readonly long _trust;
    private readonly long _noteLifetime;
    private long _evictions;

    public KeyCache(IOptions<HotPathOptions> options, TimeProvider time)
    {
        _options = options.Value;
        _time = time;
        _verified = new KnownTokens(_options.CacheSizeLimit, TimeSpan.FromSeconds(_options.KnownTokenSlidingSeconds), time);
        _failed = new MemoryCache(new MemoryCacheOptions { SizeLimit = _options.NegativeCacheSizeLimit });
        // Durations in the time provider's timestamps. A note must outlive every answer stored before it that could
        // still be trusted (the TTL), and every read in flight when it was made (seconds at most).
        _trust = _options.CacheTtlSeconds * time.TimestampFrequency;
        _noteLifetime = (_options.CacheTtlSeconds + 60) * time.TimestampFrequency;
    }

    /// <summary>Taken before a key's state is read, and passed to <see cref="Remember"/> with what was read.</summary>
    public long EvictionStamp => Interlocked.Read(ref _evictions);

    /// <summary>A verified answer still trusted without the database: within its TTL, and its key not evicted since it was read.</summary>
    public bool TryGetVerified(Sha256Digest tokenHash, out AuthenticatedKey key)
    {
        var now = _time.GetTimestamp();
        if (_verified.TryGet(tokenHash, now, out var known) && known.IsTrustedAt(now) && !EvictedSince(known.LastGood.Id, known.Stamp))
        {
            key = known.LastGood;
            return true;
        }

        key = null!;
        return false;
    }

    /// <summary>
    /// A token this node verified, trusted or not: the digest of the stored hash it matched lets a key in use whose
    /// answer went stale be checked again with one read and no Argon2 (and never wait behind a flood).
    /// </summary>
    public bool TryGetKnown(Sha256Digest tokenHash, out KnownToken known) => _verified.TryGet(tokenHash, _time.GetTimestamp(), out known);

    public bool TryGetFailure(Sha256Digest tokenHash, out KeyCheck failure) => _failed.TryGetValue(tokenHash, out failure!);

    /// <summary>
    /// Stores a verified answer read under <paramref name="stamp"/>. When its key was evicted since, the read may
    /// predate the change, so the entry goes again at once: an eviction noted before this check is seen by it, and
    /// one noted after it makes the entry stale in <see cref="TryGetVerified"/>.
    /// </summary>
    public void Remember(Sha256Digest tokenHash, AuthenticatedKey key, Sha256Digest matchedHash, DateTimeOffset verifiedAt, long stamp)
    {
        var now = _time.GetTimestamp();
        _verified.Set(tokenHash, new KnownToken(key, matchedHash, verifiedAt, stamp, now + _trust, now));

        if (EvictedSince(key.Id, stamp))
        {
            _verified.Remove(tokenHash);
        }
    }

    public void SetFailure(Sha256Digest tokenHash, KeyCheck failure)
    {
        // A token that now fails is no longer one this node knows.
        _verified.Remove(tokenHash);
        using var entry = _failed.CreateEntry(tokenHash);
        entry.Value = failure;
        entry.Size = 1;
        entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(_options.NegativeCacheTtlSeconds);
    }

    /// <summary>The token's answer is no longer trusted (its key expired); it stays known, so it is asked again with one read.</summary>
    public void Distrust(Sha256Digest tokenHash)
    {
        if (TryGetKnown(tokenHash, out var known))
        {
            known.Distrust();
        }
    }

    /// <summary>No answer about <paramref name="keyId"/> read before now is trusted again: the next request of each of its tokens reads the database.</summary>
    public void Evict(ApiKeyId keyId)
    {
        var sequence = Interlocked.Increment(ref _evictions);
        _lastEvictions[keyId] = new Eviction(sequence, _time.GetTimestamp());
        ForgetOldEvictions(sequence);
    }

    internal bool EvictedSince(ApiKeyId keyId, long stamp) =>
        Interlocked.Read(ref _evictions) > stamp && _lastEvictions.TryGetValue(keyId, out var last) && last.Sequence > stamp;

    /// <summary>
    /// A note matters while an answer stored before it could still be trusted: every 1,024 evictions, those older than
    /// the TTL and a minute go, so the notes stay as many as the keys changed in that time.
    /// </summary>
    private void ForgetOldEvictions(long sequence)
    {
        if (sequence % 1024 != 0)
        {
            return;
        }

        var before = _time.GetTimestamp() - _noteLifetime;
        foreach (var (keyId, last) in _lastEvictions)
        {
            if (last.At < before)
            {
                _lastEvictions.TryRemove(new KeyValuePair<ApiKeyId, Eviction>(keyId, last));
            }
        }
    }

    public void Dispose() => _failed.Dispose();

    /// <summary>A key's last eviction on this node: its place in the count of evictions, and when (a timestamp of the time provider).</summary>
    private readonly record struct Eviction(long Sequence, long At);
}
