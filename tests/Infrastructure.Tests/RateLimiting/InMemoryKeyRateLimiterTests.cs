using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.ApiKeys.Governance;
using ApiKeys.Domain.Common;
using ApiKeys.Infrastructure.RateLimiting;
using Microsoft.Extensions.Time.Testing;

namespace ApiKeys.Infrastructure.Tests.RateLimiting;

/// <summary>Issue 13: the per-node limiter is exact, all or nothing over a key's limits, and forgets ended windows.</summary>
public class InMemoryKeyRateLimiterTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

    private static readonly RateLimit PerMinute = new("per_minute", 100, 60);

    [Fact]
    public async Task TwoHundredConcurrentTakes_OfALimitOf100_Allow100()
    {
        var limiter = new InMemoryKeyRateLimiter(_clock);
        var key = ApiKeyId.New();

        var verdicts = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(() => limiter.Take(key, [PerMinute], 1))));

        verdicts.Count(v => v.Allowed).Should().Be(100);
        verdicts.Where(v => v.Allowed).Select(v => v.Tightest!.Remaining).Should().BeEquivalentTo(Enumerable.Range(0, 100).Select(i => (long)i));
        verdicts.Where(v => !v.Allowed).Should().OnlyContain(v => v.RetryAfter == TimeSpan.FromSeconds(60) && v.Tightest!.Remaining == 0);
    }

    [Fact]
    public void RefusedByOneLimit_TakesFromNone()
    {
        var limiter = new InMemoryKeyRateLimiter(_clock);
        var key = ApiKeyId.New();
        RateLimit[] limits = [new("burst", 3, 1), new("hourly", 10, 3600)];

        for (var i = 0; i < 3; i++)
        {
            limiter.Take(key, limits, 1).Allowed.Should().BeTrue();
        }

        // Five refusals by the burst limit leave the hourly one where it was.
        for (var i = 0; i < 5; i++)
        {
            var refused = limiter.Take(key, limits, 1);
            refused.Allowed.Should().BeFalse();
            refused.Tightest!.Name.Should().Be("burst");
            refused.RetryAfter.Should().Be(TimeSpan.FromSeconds(1));
        }

        _clock.Advance(TimeSpan.FromSeconds(1));
        var next = limiter.Take(key, limits, 1);
        next.Allowed.Should().BeTrue();
        next.Tightest!.Name.Should().Be("burst");
        next.Tightest.Remaining.Should().Be(2);
        limiter.Take(key, limits, 0).Tightest!.Should().Be(new Application.Abstractions.RateLimitState("burst", 3, 2, _clock.GetUtcNow().AddSeconds(1), 1));
        limiter.Take(key, [limits[1]], 0).Tightest!.Remaining.Should().Be(6);
    }

    [Fact]
    public void CostAboveWhatIsLeft_TakesNothing_AndRetryAfterIsTheWindowEnd()
    {
        var limiter = new InMemoryKeyRateLimiter(_clock);
        var key = ApiKeyId.New();
        limiter.Take(key, [PerMinute], 90).Allowed.Should().BeTrue();
        _clock.Advance(TimeSpan.FromSeconds(20));

        var refused = limiter.Take(key, [PerMinute], 11);
        refused.Allowed.Should().BeFalse();
        refused.RetryAfter.Should().Be(TimeSpan.FromSeconds(40));
        refused.Tightest!.ResetAt.Should().Be(_clock.GetUtcNow().AddSeconds(40));
        limiter.Take(key, [PerMinute], 10).Tightest!.Remaining.Should().Be(0);
    }

    [Fact]
    public void CostAboveTheLimit_IsNeverAllowed_AndClaimsNoRetryAfter()
    {
        var limiter = new InMemoryKeyRateLimiter(_clock);
        var verdict = limiter.Take(ApiKeyId.New(), [PerMinute], 101);
        verdict.Allowed.Should().BeFalse();
        verdict.RetryAfter.Should().BeNull();
    }

    [Fact]
    public void Window_OpensAtTheFirstUnit_AndResetsWhenItEnds()
    {
        var limiter = new InMemoryKeyRateLimiter(_clock);
        var key = ApiKeyId.New();
        RateLimit limit = new("l", 2, 10);

        // Reading opens nothing: the window starts with the first unit taken.
        limiter.Take(key, [limit], 0).Tightest!.Remaining.Should().Be(2);
        _clock.Advance(TimeSpan.FromSeconds(7));
        limiter.Take(key, [limit], 2).Allowed.Should().BeTrue();
        _clock.Advance(TimeSpan.FromSeconds(9.999));
        limiter.Take(key, [limit], 1).RetryAfter.Should().Be(TimeSpan.FromMilliseconds(1));
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        limiter.Take(key, [limit], 1).Allowed.Should().BeTrue();
    }

    [Fact]
    public void ChangedDefinition_IsMeasuredAtOnce_NotByTheOldWindow()
    {
        var limiter = new InMemoryKeyRateLimiter(_clock);
        var key = ApiKeyId.New();
        limiter.Take(key, [new RateLimit("l", 5, 3600)], 5).Allowed.Should().BeTrue();
        limiter.Take(key, [new RateLimit("l", 5, 3600)], 1).RetryAfter.Should().Be(TimeSpan.FromHours(1));

        // The window shortened to 10 s: it ends 10 s after it opened, not an hour later.
        limiter.Take(key, [new RateLimit("l", 5, 10)], 1).RetryAfter.Should().Be(TimeSpan.FromSeconds(10));
        // A raised limit applies to what the window already used.
        limiter.Take(key, [new RateLimit("l", 6, 3600)], 1).Allowed.Should().BeTrue();
        _clock.Advance(TimeSpan.FromSeconds(10));
        limiter.Take(key, [new RateLimit("l", 5, 10)], 5).Allowed.Should().BeTrue();
    }

    [Fact]
    public void EndedWindows_AreDropped()
    {
        var limiter = new InMemoryKeyRateLimiter(_clock);
        for (var i = 0; i < 5000; i++)
        {
            limiter.Take(ApiKeyId.New(), [new RateLimit("l", 10, 1)], 1);
        }

        var longLived = ApiKeyId.New();
        limiter.Take(longLived, [new RateLimit("short", 10, 1), new RateLimit("long", 10, 60)], 1);
        _clock.Advance(TimeSpan.FromSeconds(2));
        limiter.Sweep(_clock.GetUtcNow());

        limiter.TrackedKeys.Should().Be(1);
        limiter.Take(longLived, [new RateLimit("long", 10, 60)], 0).Tightest!.Remaining.Should().Be(9);
    }

    [Fact]
    public void NoLimits_IsUnlimited() =>
        new InMemoryKeyRateLimiter(_clock).Take(ApiKeyId.New(), [], 5).Should().Be(Application.Abstractions.RateLimitVerdict.Unlimited);
}
