using ApiKeys.Application.KeyChecking;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;
using ApiKeys.Infrastructure.HotPath;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ApiKeys.Infrastructure.Tests.HotPath;

/// <summary>
/// The key cache's rules on trust: an answer is trusted for the TTL, never after its key was evicted, and never when
/// it was read before an eviction, however late it is stored or however long ago the eviction was noted.
/// </summary>
public sealed class KeyCacheTests : IDisposable
{
    private static readonly Sha256Digest Matched = Sha256Digest.Of("$argon2id$v=19$m=19456,t=2,p=1$stored");
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly KeyCache _cache;

    public KeyCacheTests() => _cache = Cache(ttlSeconds: 60);

    public void Dispose() => _cache.Dispose();

    private KeyCache Cache(int ttlSeconds) => new(Options.Create(new HotPathOptions { CacheTtlSeconds = ttlSeconds }), _clock);

    private static AuthenticatedKey Key() =>
        new(new ApiKeyId(Guid.NewGuid()), new OrganizationId(Guid.NewGuid()), Access.None, null, null, null);

    private static Sha256Digest Token(string name) => Sha256Digest.Of("capy_live_" + name);

    [Fact]
    public void AStoredAnswer_IsTrustedForTheTtl_ThenOnlyKnown()
    {
        var key = Key();
        _cache.Remember(Token("a"), key, Matched, _clock.GetUtcNow(), _cache.EvictionStamp);

        _cache.TryGetVerified(Token("a"), out var trusted).Should().BeTrue();
        trusted.Should().BeSameAs(key);
        _clock.Advance(TimeSpan.FromSeconds(59));
        _cache.TryGetVerified(Token("a"), out _).Should().BeTrue();
        _clock.Advance(TimeSpan.FromSeconds(1));
        _cache.TryGetVerified(Token("a"), out _).Should().BeFalse("the TTL is over");
        _cache.TryGetKnown(Token("a"), out var known).Should().BeTrue("known: checked again with one read, no Argon2");
        known.MatchedHash.Should().Be(Matched);
    }

    [Fact]
    public void Evict_EndsTheTrustOfEveryTokenOfTheKey_AndOnlyOfThatKey()
    {
        var key = Key();
        var other = Key();
        _cache.Remember(Token("current"), key, Matched, _clock.GetUtcNow(), _cache.EvictionStamp);
        _cache.Remember(Token("in-grace"), key, Matched, _clock.GetUtcNow(), _cache.EvictionStamp);
        _cache.Remember(Token("other"), other, Matched, _clock.GetUtcNow(), _cache.EvictionStamp);

        _cache.Evict(key.Id);

        _cache.TryGetVerified(Token("current"), out _).Should().BeFalse();
        _cache.TryGetVerified(Token("in-grace"), out _).Should().BeFalse();
        _cache.TryGetKnown(Token("current"), out _).Should().BeTrue("its next request reads the key's state again");
        _cache.TryGetVerified(Token("other"), out _).Should().BeTrue("another key's eviction changes nothing of it");
    }

    [Fact]
    public void AnAnswerReadBeforeAnEviction_IsNotKept_WhenStoredAfterIt()
    {
        var key = Key();
        var stamp = _cache.EvictionStamp;   // the read begins
        _cache.Evict(key.Id);               // a revocation commits meanwhile
        _cache.Remember(Token("a"), key, Matched, _clock.GetUtcNow(), stamp);

        _cache.TryGetVerified(Token("a"), out _).Should().BeFalse();
        _cache.TryGetKnown(Token("a"), out _).Should().BeFalse("what was read may predate the change: nothing of it is kept");

        // Read after the eviction: the new state, kept.
        _cache.Remember(Token("a"), key, Matched, _clock.GetUtcNow(), _cache.EvictionStamp);
        _cache.TryGetVerified(Token("a"), out _).Should().BeTrue();
    }

    [Fact]
    public void AnEvictedAnswer_StaysUntrusted_AfterTheNoteIsForgotten_EvenWithATtlOverAMinute()
    {
        using var cache = Cache(ttlSeconds: 3600);
        var key = Key();
        cache.Remember(Token("a"), key, Matched, _clock.GetUtcNow(), cache.EvictionStamp);
        cache.Evict(key.Id);

        // Two minutes on, 2,048 evictions of other keys: the notes are pruned twice. The answer's hour is not over.
        _clock.Advance(TimeSpan.FromMinutes(2));
        for (var i = 0; i < 2048; i++)
        {
            cache.Evict(new ApiKeyId(Guid.NewGuid()));
        }

        cache.TryGetVerified(Token("a"), out _).Should().BeFalse("a note outlives every answer stored before it that the TTL would still trust");

        // Past the TTL and the minute, the note may go: the answer is past its TTL anyway.
        _clock.Advance(TimeSpan.FromHours(1));
        for (var i = 0; i < 1024; i++)
        {
            cache.Evict(new ApiKeyId(Guid.NewGuid()));
        }

        cache.TryGetVerified(Token("a"), out _).Should().BeFalse();
    }

    [Fact]
    public void Distrust_And_SetFailure()
    {
        var key = Key();
        _cache.Remember(Token("a"), key, Matched, _clock.GetUtcNow(), _cache.EvictionStamp);

        _cache.Distrust(Token("a"));
        _cache.TryGetVerified(Token("a"), out _).Should().BeFalse("an expired key is asked again");
        _cache.TryGetKnown(Token("a"), out _).Should().BeTrue();

        _cache.SetFailure(Token("a"), KeyCheck.RevokedIn(key.OrganizationId));
        _cache.TryGetKnown(Token("a"), out _).Should().BeFalse("a token that fails is no longer known");
        _cache.TryGetFailure(Token("a"), out var failure).Should().BeTrue();
        failure.Status.Should().Be(KeyCheckStatus.Revoked);
    }
}
