using System.Collections.Concurrent;
using ApiKeys.Application.KeyChecking;
using ApiKeys.Domain.Common;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace ApiKeys.Infrastructure.HotPath;

/// <summary>
/// The verified-key cache and the negative cache, keyed by the SHA-256 of a token (never the token). Two separate
/// bounded <see cref="MemoryCache"/>s, so a flood of bad tokens can only evict other bad tokens. Every entry of a
/// key hangs on that key's change token, so <see cref="Evict"/> drops all its tokens at once.
/// </summary>
public sealed class KeyCache : IDisposable
{
    private readonly MemoryCache _verified;
    private readonly MemoryCache _failed;
    private readonly MemoryCache _known;
    private readonly HotPathOptions _options;
    private readonly ConcurrentDictionary<ApiKeyId, CancellationTokenSource> _evictionTokens = new();
    private readonly ConcurrentDictionary<ApiKeyId, Eviction> _lastEvictions = new();
    private long _evictions;

    public KeyCache(IOptions<HotPathOptions> options)
    {
        _options = options.Value;
        _verified = new MemoryCache(new MemoryCacheOptions { SizeLimit = _options.CacheSizeLimit });
        _failed = new MemoryCache(new MemoryCacheOptions { SizeLimit = _options.NegativeCacheSizeLimit });
        _known = new MemoryCache(new MemoryCacheOptions { SizeLimit = _options.CacheSizeLimit });
    }

    public bool TryGetVerified(string tokenHash, out AuthenticatedKey key) => _verified.TryGetValue(tokenHash, out key!);

    public bool TryGetFailure(string tokenHash, out KeyCheck failure) => _failed.TryGetValue(tokenHash, out failure!);

    public void SetVerified(string tokenHash, AuthenticatedKey key)
    {
        var eviction = _evictionTokens.GetOrAdd(key.Id, _ => new CancellationTokenSource());
        using var entry = _verified.CreateEntry(tokenHash);
        entry.Value = key;
        entry.Size = 1;
        entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(_options.CacheTtlSeconds);
        entry.AddExpirationToken(new CancellationChangeToken(eviction.Token));
    }

    /// <summary>
    /// The stored hash a token matched when this node last verified it. Outlives the verified entry, so a key in
    /// use whose entry expired is refreshed with one read and no Argon2 (and never waits behind a flood).
    /// </summary>
    public bool TryGetKnown(string tokenHash, out KnownToken known) => _known.TryGetValue(tokenHash, out known!);

    public void SetKnown(string tokenHash, KnownToken known)
    {
        using var entry = _known.CreateEntry(tokenHash);
        entry.Value = known;
        entry.Size = 1;
        entry.SlidingExpiration = TimeSpan.FromSeconds(_options.KnownTokenSlidingSeconds);
    }

    public void SetFailure(string tokenHash, KeyCheck failure)
    {
        using var entry = _failed.CreateEntry(tokenHash);
        entry.Value = failure;
        entry.Size = 1;
        entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(_options.NegativeCacheTtlSeconds);
    }

    public void RemoveVerified(string tokenHash) => _verified.Remove(tokenHash);

    /// <summary>
    /// Taken before a key's state is read: an answer read under a stamp older than its key's last eviction may
    /// predate the change that evicted it, so it must not be kept (<see cref="KeepsAnswerReadAt"/>).
    /// </summary>
    public long EvictionStamp => Interlocked.Read(ref _evictions);

    /// <summary>
    /// Called after an answer about <paramref name="keyId"/> read under <paramref name="stamp"/> was stored: when
    /// that key was evicted since, its entries for <paramref name="tokenHash"/> go again. An eviction that comes after
    /// this check finds them by the key's eviction token, which they were stored under before it. Evictions of
    /// other keys do not matter.
    /// </summary>
    public void KeepsAnswerReadAt(string tokenHash, ApiKeyId keyId, long stamp)
    {
        if (_lastEvictions.TryGetValue(keyId, out var last) && last.Sequence > stamp)
        {
            _verified.Remove(tokenHash);
            _known.Remove(tokenHash);
        }
    }

    /// <summary>Drops every cached token of <paramref name="keyId"/>: the next request goes to the database.</summary>
    public void Evict(ApiKeyId keyId)
    {
        // Noted before the entries go, so that an answer stored meanwhile sees either the note or the cancellation.
        var sequence = Interlocked.Increment(ref _evictions);
        _lastEvictions[keyId] = new Eviction(sequence, Environment.TickCount64);
        ForgetOldEvictions(sequence);
        if (_evictionTokens.TryRemove(keyId, out var eviction))
        {
            eviction.Cancel();
            eviction.Dispose();
        }
    }


    /// <summary>
    /// The notes only matter to reads in flight, which take seconds at most: every 1,024 evictions, those older than
    /// a minute go, so the notes stay as many as the keys changed in the last minute.
    /// </summary>
    private void ForgetOldEvictions(long sequence)
    {
        if (sequence % 1024 != 0)
        {
            return;
        }

        var before = Environment.TickCount64 - 60_000;
        foreach (var (keyId, last) in _lastEvictions)
        {
            if (last.AtTicks < before)
            {
                _lastEvictions.TryRemove(new KeyValuePair<ApiKeyId, Eviction>(keyId, last));
            }
        }
    }

    public void Dispose()
    {
        _verified.Dispose();
        _failed.Dispose();
        _known.Dispose();
        foreach (var eviction in _evictionTokens.Values)
        {
            eviction.Dispose();
        }
    }
}

/// <summary>A token this node verified: the stored hash it matched, and what it stood for then (for stale-if-error).</summary>
public sealed record KnownToken(string MatchedHash, AuthenticatedKey LastGood, DateTimeOffset VerifiedAt);

/// <summary>A key's last eviction on this node: its place in the count of evictions, and when (Environment.TickCount64).</summary>
internal readonly record struct Eviction(long Sequence, long AtTicks);
