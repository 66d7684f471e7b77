using ApiKeys.Api.Tests.Harness;
using ApiKeys.Domain.ApiKeys.Governance;
using ApiKeys.Domain.Common;
using ApiKeys.Infrastructure.RateLimiting;

namespace ApiKeys.Infrastructure.Tests.RateLimiting;

/// <summary>
/// Issue 24 on a real redis-server: a node spends rate-limit units it claimed from Redis in batches, so a busy key
/// costs a round trip per batch, not per request; what it holds unspent goes back (at a stop, after the slice's
/// lifetime, when the limits change); near the limit a claim is one request's cost, so two nodes still allow
/// exactly the limit; a node that dies holding units never lets the limit be exceeded.
/// </summary>
public sealed class RedisRateLimitSliceTests
{
    private static readonly RateLimit Large = new("large", 1_000_000_000, 60);

    [Fact]
    public async Task ABusyKey_CostsARoundTripPerBatch_AndAStopGivesBackWhatWasNotSpent()
    {
        var redis = TestRedis.SharedOrSkip();
        await using var node = await new RedisNode(redis).ConnectedAsync();
        var key = ApiKeyId.New();

        for (var i = 0; i < 5000; i++)
        {
            (await node.Limiter.TakeAsync(key, [Large], 1, CancellationToken.None)).Allowed.Should().BeTrue();
        }

        node.RoundTrips.Should().BeLessThan(500, "units are claimed in batches that follow the spend rate");
        (await UsedAsync(redis, key, Large)).Should().BeGreaterThan(5000, "a batch is held ahead of use");

        await node.Limiter.EndAsync(all: true, CancellationToken.None);
        (await UsedAsync(redis, key, Large)).Should().Be(5000, "what was not spent went back");
        node.Limiter.TrackedSlices.Should().Be(1, "the slice is kept until its lifetime passes");
    }

    [Fact]
    public async Task AnIdleSlice_GoesBackAfterItsLifetime()
    {
        var redis = TestRedis.SharedOrSkip();
        await using var node = await new RedisNode(redis, reservationSeconds: 2).ConnectedAsync();
        var key = ApiKeyId.New();
        for (var i = 0; i < 2000; i++)
        {
            await node.Limiter.TakeAsync(key, [Large], 1, CancellationToken.None);
        }

        await node.Limiter.EndAsync(all: false, CancellationToken.None);
        (await UsedAsync(redis, key, Large)).Should().BeGreaterThan(2000, "the slice is still alive");

        await Task.Delay(TimeSpan.FromSeconds(1.1));
        await node.Limiter.EndAsync(all: false, CancellationToken.None);
        (await UsedAsync(redis, key, Large)).Should().Be(2000);
        node.Limiter.TrackedSlices.Should().Be(0, "an idle key is forgotten");
    }

    [Fact]
    public async Task NearTheLimit_TwoNodesTakingInTurns_AllowExactlyTheLimit()
    {
        var redis = TestRedis.SharedOrSkip();
        await using var nodeA = await new RedisNode(redis).ConnectedAsync();
        await using var nodeB = await new RedisNode(redis).ConnectedAsync();
        var key = ApiKeyId.New();
        RateLimit limit = new("per_minute", 1000, 60);

        // A takes fast (its batches grow) and may hold a batch while much is left, but not once less than 256 is left.
        var allowed = 0;
        for (var i = 0; i < 500; i++)
        {
            allowed += (await nodeA.Limiter.TakeAsync(key, [limit], 1, CancellationToken.None)).Allowed ? 1 : 0;
        }

        (await UsedAsync(redis, key, limit) - allowed).Should().BeLessThanOrEqualTo((1000 - allowed) / RedisWindows.ShareOfRoom + 1, "a node holds at most a sixteenth of what is left");
        for (var i = 0; i < 400; i++)
        {
            allowed += (await nodeA.Limiter.TakeAsync(key, [limit], 1, CancellationToken.None)).Allowed ? 1 : 0;
        }

        (await UsedAsync(redis, key, limit)).Should().Be(allowed, "with 100 left, every claim is exactly one request");
        for (var i = 0; i < 600; i++)
        {
            allowed += (await nodeB.Limiter.TakeAsync(key, [limit], 1, CancellationToken.None)).Allowed ? 1 : 0;
        }

        for (var i = 0; i < 600; i++)
        {
            allowed += (await nodeA.Limiter.TakeAsync(key, [limit], 1, CancellationToken.None)).Allowed ? 1 : 0;
        }

        allowed.Should().Be(1000);
        (await UsedAsync(redis, key, limit)).Should().Be(1000);
    }

    [Fact]
    public async Task ManyConcurrentTakesOfCostThree_OnTwoNodes_NeverExceedTheLimit()
    {
        var redis = TestRedis.SharedOrSkip();
        for (var trial = 0; trial < 10; trial++)
        {
            await using var nodeA = await new RedisNode(redis).ConnectedAsync();
            await using var nodeB = await new RedisNode(redis).ConnectedAsync();
            var key = ApiKeyId.New();
            RateLimit[] limits = [new("burst", 300, 60), new("hourly", 1000, 3600)];

            var verdicts = await Task.WhenAll(Enumerable.Range(0, 400).Select(i =>
                Task.Run(async () => await (i % 2 == 0 ? nodeA : nodeB).Limiter.TakeAsync(key, limits, 3, CancellationToken.None))));

            verdicts.Count(v => v.Allowed).Should().Be(100, "300 / 3, all of it spent by the end (trial {0})", trial);
            await nodeA.Limiter.EndAsync(all: true, CancellationToken.None);
            await nodeB.Limiter.EndAsync(all: true, CancellationToken.None);
            (await UsedAsync(redis, key, limits[1])).Should().Be(300, "the hourly limit counts only what was allowed (trial {0})", trial);
        }
    }

    [Fact]
    public async Task ANodeThatDiesHoldingUnits_NeverLetsTheLimitBeExceeded()
    {
        var redis = TestRedis.SharedOrSkip();
        var key = ApiKeyId.New();
        RateLimit limit = new("per_minute", 5000, 60);
        var allowed = 0;
        await using (var dying = await new RedisNode(redis).ConnectedAsync())
        {
            for (var i = 0; i < 2000; i++)
            {
                allowed += (await dying.Limiter.TakeAsync(key, [limit], 1, CancellationToken.None)).Allowed ? 1 : 0;
            }

            // Gone without a graceful stop: nothing is given back.
        }

        await using var survivor = await new RedisNode(redis).ConnectedAsync();
        for (var i = 0; i < 4000; i++)
        {
            allowed += (await survivor.Limiter.TakeAsync(key, [limit], 1, CancellationToken.None)).Allowed ? 1 : 0;
        }

        allowed.Should().BeLessThanOrEqualTo(5000).And.BeGreaterThan(4500, "at most a sixteenth of what was left was stranded");
    }

    [Fact]
    public async Task ChangedLimits_EndTheSlice_AndWhatItHeldGoesBack()
    {
        var redis = TestRedis.SharedOrSkip();
        await using var node = await new RedisNode(redis).ConnectedAsync();
        var key = ApiKeyId.New();
        for (var i = 0; i < 3000; i++)
        {
            await node.Limiter.TakeAsync(key, [Large], 1, CancellationToken.None);
        }

        // An owner lowers the limit: the next take is counted against the new value, with nothing held under the old one.
        RateLimit lowered = Large with { Limit = 3010 };
        var verdicts = new List<bool>();
        for (var i = 0; i < 20; i++)
        {
            verdicts.Add((await node.Limiter.TakeAsync(key, [lowered], 1, CancellationToken.None)).Allowed);
        }

        verdicts.Count(allowed => allowed).Should().Be(10);
        (await UsedAsync(redis, key, Large)).Should().Be(3010);
    }

    [Fact]
    public async Task RedisKilledWhileASliceIsHeld_TheSliceIsSpentFirst_ThenTheNodeCountsOnItsOwn()
    {
        await using var redis = await TestRedis.StartPrivateAsync();
        await using var node = await new RedisNode(redis.Configuration).ConnectedAsync();
        var key = ApiKeyId.New();
        for (var i = 0; i < 3000; i++)
        {
            await node.Limiter.TakeAsync(key, [Large], 1, CancellationToken.None);
        }

        await redis.KillAsync();
        var allowed = 0;
        for (var i = 0; i < 5000; i++)
        {
            allowed += (await node.Limiter.TakeAsync(key, [Large], 1, CancellationToken.None)).Allowed ? 1 : 0;
        }

        allowed.Should().Be(5000, "never an exception, never a refusal the limit does not make");
        node.Fallbacks.Should().BeGreaterThan(0).And.BeLessThan(5000, "what the slice held was spent before counting in memory");
    }

    private static async Task<long> UsedAsync(string redis, ApiKeyId key, RateLimit limit)
    {
        await using var multiplexer = await TestRedis.ConnectAsync(redis);
        return (long)await multiplexer.GetDatabase().HashGetAsync(RedisWindows.KeyOf(key, limit.Name), "u");
    }
}
