using ApiKeys.Api.Tests.Harness;
using ApiKeys.Domain.ApiKeys.Governance;
using ApiKeys.Domain.Common;

namespace ApiKeys.Infrastructure.Tests.RateLimiting;

/// <summary>
/// Issue 13 on a real redis-server: two limiters with connections of their own (two nodes) share exact counts; a
/// take is all or nothing; a changed definition is not stuck with the old window; Redis gone, each node counts on
/// its own (counted in the metric) and uses Redis again when it is back.
/// </summary>
public sealed class RedisKeyRateLimiterTests
{
    private static readonly RateLimit PerMinute = new("per_minute", 100, 60);

    [Fact]
    public async Task ThreeHundredConcurrentTakes_OnTwoNodes_Allow100()
    {
        var redis = TestRedis.SharedOrSkip();
        await using var nodeA = await new RedisNode(redis).ConnectedAsync();
        await using var nodeB = await new RedisNode(redis).ConnectedAsync();
        var key = ApiKeyId.New();

        var verdicts = await Task.WhenAll(Enumerable.Range(0, 300).Select(i =>
            Task.Run(async () => (Node: i % 2, Verdict: await (i % 2 == 0 ? nodeA : nodeB).Limiter.TakeAsync(key, [PerMinute], 1, CancellationToken.None)))));

        verdicts.Count(v => v.Verdict.Allowed).Should().Be(100);
        // Each node reports what it knows is left: never more than the limit allows, never the same twice on one node.
        foreach (var node in verdicts.Where(v => v.Verdict.Allowed).GroupBy(v => v.Node))
        {
            node.Select(v => v.Verdict.Tightest!.Remaining).Should().OnlyHaveUniqueItems().And.OnlyContain(r => r >= 0 && r < 100);
        }

        verdicts.Where(v => !v.Verdict.Allowed).Should().OnlyContain(v => v.Verdict.RetryAfter > TimeSpan.FromSeconds(55) && v.Verdict.RetryAfter <= TimeSpan.FromSeconds(60));
        (nodeA.Fallbacks + nodeB.Fallbacks).Should().Be(0);
        nodeA.Local.TrackedKeys.Should().Be(0, "nothing was counted in memory");
    }

    [Fact]
    public async Task RefusedByOneLimit_TakesFromNone()
    {
        await using var node = await new RedisNode(TestRedis.SharedOrSkip()).ConnectedAsync();
        var key = ApiKeyId.New();
        RateLimit[] limits = [new("burst", 3, 60), new("hourly", 10, 3600)];

        for (var i = 0; i < 3; i++)
        {
            (await node.Limiter.TakeAsync(key, limits, 1, CancellationToken.None)).Allowed.Should().BeTrue();
        }

        for (var i = 0; i < 5; i++)
        {
            var refused = await node.Limiter.TakeAsync(key, limits, 1, CancellationToken.None);
            refused.Allowed.Should().BeFalse();
            refused.Tightest!.Name.Should().Be("burst");
        }

        var hourly = await node.Limiter.TakeAsync(key, [limits[1]], 0, CancellationToken.None);
        hourly.Tightest!.Remaining.Should().Be(7, "the refused takes took nothing from the hourly limit");
        (await node.Limiter.TakeAsync(key, limits, 8, CancellationToken.None)).Allowed.Should().BeFalse();
    }

    [Fact]
    public async Task ShortenedWindow_EndsByTheNewDefinition_NotTheOldHash()
    {
        var redis = TestRedis.SharedOrSkip();
        await using var node = await new RedisNode(redis).ConnectedAsync();
        var key = ApiKeyId.New();
        (await node.Limiter.TakeAsync(key, [new RateLimit("l", 2, 3600)], 2, CancellationToken.None)).Allowed.Should().BeTrue();
        (await node.Limiter.TakeAsync(key, [new RateLimit("l", 2, 3600)], 1, CancellationToken.None)).RetryAfter.Should().BeGreaterThan(TimeSpan.FromMinutes(59));

        // The same limit now has a 1-second window: the hour-long one does not hold it back for an hour.
        var shortened = await node.Limiter.TakeAsync(key, [new RateLimit("l", 2, 1)], 1, CancellationToken.None);
        shortened.Allowed.Should().BeFalse();
        await Task.Delay(1100);
        (await node.Limiter.TakeAsync(key, [new RateLimit("l", 2, 1)], 2, CancellationToken.None)).Allowed.Should().BeTrue();

        await using var multiplexer = await TestRedis.ConnectAsync(redis);
        var ttl = await multiplexer.GetDatabase().KeyTimeToLiveAsync(global::ApiKeys.Infrastructure.RateLimiting.RedisWindows.KeyOf(key, "l"));
        ttl.Should().NotBeNull().And.BeLessThanOrEqualTo(TimeSpan.FromSeconds(1), "the hash expires at its window's end");
    }

    [Fact]
    public async Task RedisKilled_EachNodeCountsOnItsOwn_AndRedisIsUsedAgainWhenBack()
    {
        await using var redis = await TestRedis.StartPrivateAsync();
        await using var node = await new RedisNode(redis.Configuration).ConnectedAsync();
        var key = ApiKeyId.New();
        RateLimit limit = new("l", 5, 60);
        for (var i = 0; i < 3; i++)
        {
            (await node.Limiter.TakeAsync(key, [limit], 1, CancellationToken.None)).Allowed.Should().BeTrue();
        }

        await redis.KillAsync();
        // Counted in memory from zero (what Redis held is out of reach), exact on this node, never an exception.
        var offline = new List<bool>();
        for (var i = 0; i < 7; i++)
        {
            offline.Add((await node.Limiter.TakeAsync(key, [limit], 1, CancellationToken.None)).Allowed);
        }

        offline.Count(allowed => allowed).Should().Be(5);
        node.Fallbacks.Should().Be(7);

        await redis.StartAsync();
        for (var i = 0; i < 100 && node.Connection.Database is null; i++)
        {
            await Task.Delay(100);
        }

        node.Connection.Database.Should().NotBeNull("the client reconnects by itself");
        var fallbacks = node.Fallbacks;
        // The restarted server is empty: the key's window starts anew there, and every call goes to it.
        var back = await node.Limiter.TakeAsync(key, [limit], 1, CancellationToken.None);
        back.Allowed.Should().BeTrue();
        back.Tightest!.Remaining.Should().Be(4);
        node.Fallbacks.Should().Be(fallbacks);
    }
}
