using ApiKeys.Application.KeyChecking;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;
using ApiKeys.Infrastructure.HotPath;
using Microsoft.Extensions.Time.Testing;

namespace ApiKeys.Infrastructure.Tests.HotPath;

/// <summary>The map of known tokens: bounded (the least recently seen go first), a sliding expiry, and a count that stays true under concurrency.</summary>
public sealed class KnownTokensTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

    private static Sha256Digest Token(int n) => Sha256Digest.Of("capy_live_" + n);

    private KnownToken Known() =>
        new(new AuthenticatedKey(new ApiKeyId(Guid.NewGuid()), new OrganizationId(Guid.NewGuid()), Access.None, null, null, null), default, _clock.GetUtcNow(), 0, long.MaxValue, _clock.GetTimestamp());

    [Fact]
    public void ATokenUnseenForTheSlidingTime_IsGone_ASeenOneStays()
    {
        var tokens = new KnownTokens(100, TimeSpan.FromMinutes(10), _clock);
        tokens.Set(Token(1), Known());
        tokens.Set(Token(2), Known());

        _clock.Advance(TimeSpan.FromMinutes(6));
        tokens.TryGet(Token(1), _clock.GetTimestamp(), out _).Should().BeTrue();
        _clock.Advance(TimeSpan.FromMinutes(6));

        tokens.TryGet(Token(1), _clock.GetTimestamp(), out _).Should().BeTrue("seen 6 minutes ago: the expiry slides");
        tokens.TryGet(Token(2), _clock.GetTimestamp(), out _).Should().BeFalse("unseen for 12 minutes");
        tokens.Count.Should().Be(1);
    }

    [Fact]
    public void ASweep_RemovesEveryTokenUnseenForTheSlidingTime()
    {
        var tokens = new KnownTokens(100, TimeSpan.FromMinutes(10), _clock);
        for (var i = 0; i < 50; i++)
        {
            tokens.Set(Token(i), Known());
        }

        _clock.Advance(TimeSpan.FromMinutes(11));
        tokens.Set(Token(1000), Known());
        tokens.Tidy();

        tokens.Count.Should().Be(1, "only the token stored after the others expired is left");
        tokens.TryGet(Token(1000), _clock.GetTimestamp(), out _).Should().BeTrue();
    }

    [Fact]
    public void OverTheBound_TheLeastRecentlySeenGo_TheRecentStay()
    {
        var tokens = new KnownTokens(100, TimeSpan.FromHours(1), _clock);
        for (var i = 0; i < 100; i++)
        {
            tokens.Set(Token(i), Known());
            _clock.Advance(TimeSpan.FromSeconds(2));
        }

        // The first ten are seen again: now the most recent.
        for (var i = 0; i < 10; i++)
        {
            tokens.TryGet(Token(i), _clock.GetTimestamp(), out _).Should().BeTrue();
        }

        _clock.Advance(TimeSpan.FromSeconds(2));
        tokens.Set(Token(100), Known());
        tokens.Tidy();

        tokens.Count.Should().BeLessThanOrEqualTo(90, "over the bound, down to nine tenths of it");
        for (var i = 0; i < 10; i++)
        {
            tokens.TryGet(Token(i), _clock.GetTimestamp(), out _).Should().BeTrue($"token {i} was seen last");
        }

        tokens.TryGet(Token(100), _clock.GetTimestamp(), out _).Should().BeTrue("the newest stays");
        tokens.TryGet(Token(10), _clock.GetTimestamp(), out _).Should().BeFalse("the least recently seen went first");
    }

    [Fact]
    public void OverTheBound_TokensSeenInTheSameSecond_OnlyTheExcessGoes()
    {
        var tokens = new KnownTokens(100, TimeSpan.FromHours(1), _clock);
        for (var i = 0; i < 120; i++)
        {
            tokens.Set(Token(i), Known());
        }

        SpinWait.SpinUntil(() => !tokens.IsTidying, TimeSpan.FromSeconds(10)).Should().BeTrue();
        tokens.Tidy();

        var held = Enumerable.Range(0, 120).Count(i => tokens.TryGet(Token(i), _clock.GetTimestamp(), out _));
        held.Should().BeInRange(90, 100, "down to nine tenths of the bound at most, not to nothing");
        tokens.Count.Should().Be(held);
    }

    [Fact]
    public async Task ConcurrentSetsRemovesAndTidies_KeepTheCountTrue_AndTheBound()
    {
        for (var trial = 0; trial < 10; trial++)
        {
            var tokens = new KnownTokens(500, TimeSpan.FromHours(1), _clock);
            var workers = Enumerable.Range(0, 4).Select(w => Task.Run(() =>
            {
                for (var i = 0; i < 2_000; i++)
                {
                    var token = Token((w * 7919 + i) % 1_500);
                    switch (i % 3)
                    {
                        case 0 or 1:
                            tokens.Set(token, Known());
                            break;
                        default:
                            tokens.Remove(token);
                            break;
                    }

                    if (i % 400 == 0)
                    {
                        tokens.Tidy();
                    }
                }
            }));
            await Task.WhenAll(workers);
            SpinWait.SpinUntil(() => !tokens.IsTidying, TimeSpan.FromSeconds(10)).Should().BeTrue("the background tidy ends");
            tokens.Tidy();

            var held = Enumerable.Range(0, 1_500).Count(i => tokens.TryGet(Token(i), _clock.GetTimestamp(), out _));
            tokens.Count.Should().Be(held, $"trial {trial}: the count is the number of tokens held");
            held.Should().BeLessThanOrEqualTo(500, $"trial {trial}: within the bound after a tidy");
        }
    }
}
