using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ApiKeys.Api.Tests.Harness;
using ApiKeys.Domain.ApiKeys;

namespace ApiKeys.Api.Tests.Nodes;

/// <summary>
/// Issue 13 on real service processes: two nodes sharing PostgreSQL and Redis spend one failure budget per client;
/// a node whose Redis dies keeps answering (counting on its own, saying so in /health/ready and /metrics) and uses
/// Redis again when it is back.
/// </summary>
public sealed partial class RedisNodesTests
{
    private const int Budget = 6;

    private static Dictionary<string, string> Settings(string redis) => new()
    {
        ["Redis__Configuration"] = redis,
        ["Argon2__MemoryKiB"] = "1024",
        ["Argon2__Iterations"] = "1",
        ["Auth__HotPath__FailureBudget"] = Budget.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Auth__HotPath__RefusalDelayMilliseconds"] = "0",
        ["Logging__LogLevel__Default"] = "Warning",
    };

    private static string Forged() =>
        ApiKeyToken.FromRandom(string.Concat(Enumerable.Range(0, ApiKeyToken.RandomLength).Select(_ => ApiKeyToken.Base62Alphabet[Random.Shared.Next(62)]))).Reveal();

    [Fact]
    public async Task TwoNodes_SharingRedis_GiveAClientOneFailureBudget()
    {
        if (TestDatabase.PostgresServer is null)
        {
            Assert.Skip($"Needs PostgreSQL: set {TestDatabase.PostgresVariable} (.ci/run does).");
        }

        // A Redis of this test's own: the client (127.0.0.1) starts with a whole budget there.
        await using var redis = await TestRedis.StartPrivateAsync();

        var ct = TestContext.Current.CancellationToken;
        var database = TestDatabase.Postgres();
        await database.CreateAsync();
        var settings = Settings(redis.Configuration);
        settings["Database__Provider"] = "postgres";
        settings["ConnectionStrings__Default"] = database.ConnectionString;
        try
        {
            await using var nodeA = await ServiceNode.StartAsync(settings);
            await using var nodeB = await ServiceNode.StartAsync(settings);
            // Half the budget on each node: counted per node, neither would refuse; shared, both do.
            for (var i = 0; i < Budget / 2; i++)
            {
                (await nodeA.Client(Forged()).GetAsync("/v1/me", ct)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
                (await nodeB.Client(Forged()).GetAsync("/v1/me", ct)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
            }

            foreach (var node in new[] { nodeA, nodeB })
            {
                var refused = await node.Client(Forged()).GetAsync("/v1/me", ct);
                refused.StatusCode.Should().Be(HttpStatusCode.TooManyRequests, "the client spent its budget across both nodes");
                refused.Headers.RetryAfter!.Delta.Should().BeGreaterThan(TimeSpan.FromSeconds(50)).And.BeLessThanOrEqualTo(TimeSpan.FromSeconds(60));
            }
        }
        finally
        {
            await database.DropAsync();
        }
    }

    [Fact]
    public async Task TwoNodes_SharingRedis_AKeyLimitedTo100PerMinute_Gets100SuccessesAcrossBoth()
    {
        if (TestDatabase.PostgresServer is null)
        {
            Assert.Skip($"Needs PostgreSQL: set {TestDatabase.PostgresVariable} (.ci/run does).");
        }

        await using var redis = await TestRedis.StartPrivateAsync();
        var ct = TestContext.Current.CancellationToken;
        var database = TestDatabase.Postgres();
        await database.CreateAsync();
        var settings = Settings(redis.Configuration);
        settings["Database__Provider"] = "postgres";
        settings["ConnectionStrings__Default"] = database.ConnectionString;
        try
        {
            await using var nodeA = await ServiceNode.StartAsync(settings);
            await using var nodeB = await ServiceNode.StartAsync(settings);
            var (org, ownerKey) = nodeA.Bootstrap();
            var owner = nodeA.Client(ownerKey);
            var (created, body) = await owner.PostJsonAsync(
                $"/v1/organizations/{org}/api-keys",
                new { name = "limited", org_role = "member", rate_limits = new[] { new { name = "per_minute", limit = 100, window_seconds = 60 } } });
            created.StatusCode.Should().Be(HttpStatusCode.Created);
            var token = body!["plaintext_api_key"]!.GetValue<string>();
            using var onA = nodeA.Client(token);
            using var onB = nodeB.Client(token);

            // 300 requests, half on each node, 30 at a time: counted per node each would allow 100 (200 in all).
            var responses = new List<HttpResponseMessage>();
            for (var batch = 0; batch < 10; batch++)
            {
                responses.AddRange(await Task.WhenAll(Enumerable.Range(0, 30).Select(i => (i % 2 == 0 ? onA : onB).GetAsync("/v1/me", ct))));
            }

            responses.Count(r => r.StatusCode == HttpStatusCode.OK).Should().Be(100, "one limit of 100 a minute, counted once for both nodes");
            var refused = responses.Where(r => r.StatusCode != HttpStatusCode.OK).ToList();
            refused.Should().HaveCount(200).And.OnlyContain(r => r.StatusCode == HttpStatusCode.TooManyRequests);
            foreach (var response in refused)
            {
                response.Headers.RetryAfter!.Delta.Should().BeGreaterThan(TimeSpan.FromSeconds(50)).And.BeLessThanOrEqualTo(TimeSpan.FromSeconds(60));
                response.Headers.GetValues("RateLimit-Policy").Should().Equal("\"per_minute\";q=100;w=60");
                response.Headers.GetValues("RateLimit").Single().Should().MatchRegex("^\"per_minute\";r=0;t=(5[1-9]|60)$");
            }
        }
        finally
        {
            await database.DropAsync();
        }
    }

    [Fact]
    public async Task RedisKilledMidRun_TheNodeKeepsAnswering_SaysSo_AndUsesRedisWhenItIsBack()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var redis = await TestRedis.StartPrivateAsync();
        var settings = Settings(redis.Configuration);
        settings["ConnectionStrings__Default"] = $"Data Source={Path.Combine(Path.GetTempPath(), "apikeys-redis-" + Guid.NewGuid().ToString("N"), "a.db")}";
        await using var node = await ServiceNode.StartAsync(settings);
        var owner = node.Client(node.Bootstrap().OwnerKey);
        using var anonymous = new HttpClient { BaseAddress = node.Address };

        (await RedisHealthAsync(anonymous)).Should().Be("Healthy");
        (await owner.GetAsync("/v1/me", ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await node.Client(Forged()).GetAsync("/v1/me", ct)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        var before = await FallbacksAsync(anonymous);

        await redis.KillAsync();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < Budget + 2; i++)
        {
            statuses.Add((await owner.GetAsync("/v1/me", ct)).StatusCode);
            statuses.Add((await node.Client(Forged()).GetAsync("/v1/me", ct)).StatusCode);
        }

        // Never a 500: the key works, forged tokens get 401 until this node's own count of the budget is spent.
        statuses.Where((_, i) => i % 2 == 0).Should().OnlyContain(s => s == HttpStatusCode.OK);
        statuses.Where((_, i) => i % 2 == 1).Should().Contain(HttpStatusCode.Unauthorized).And.Contain(HttpStatusCode.TooManyRequests)
            .And.OnlyContain(s => s == HttpStatusCode.Unauthorized || s == HttpStatusCode.TooManyRequests);
        (await RedisHealthAsync(anonymous)).Should().Be("Degraded");
        (await FallbacksAsync(anonymous, atLeast: before + 1)).Should().BeGreaterThan(before, "each call counted on this node is counted in the metric");

        await redis.StartAsync();
        var healthy = false;
        for (var i = 0; i < 300 && !healthy; i++)
        {
            healthy = await RedisHealthAsync(anonymous) == "Healthy";
            await Task.Delay(100, ct);
        }

        healthy.Should().BeTrue("the node reconnects to Redis by itself");
        await Task.Delay(1000, ct);
        var fallbacks = await FallbacksAsync(anonymous);
        var trips = await CounterAsync(anonymous, "apikeys_redis_round_trips_total");

        // What this node counted while Redis was away stands until its window ends (those failures happened), and says so truly.
        var refused = await node.Client(Forged()).GetAsync("/v1/me", ct);
        refused.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        refused.Headers.RetryAfter!.Delta.Should().BeGreaterThan(TimeSpan.Zero).And.BeLessThanOrEqualTo(TimeSpan.FromSeconds(60));

        // A verify of another partition (the verifier's own) counts its budget and its verify limit in Redis again.
        var (verified, answer) = await owner.PostJsonAsync("/v1/keys/verify", new { key = Forged() });
        verified.StatusCode.Should().Be(HttpStatusCode.OK);
        answer!["code"]!.GetValue<string>().Should().Be("NOT_FOUND");
        (await CounterAsync(anonymous, "apikeys_redis_round_trips_total", atLeast: trips + 2)).Should().BeGreaterThanOrEqualTo(trips + 2);
        (await FallbacksAsync(anonymous)).Should().Be(fallbacks, "nothing more was counted on this node alone");
    }

    /// <summary>Redis's entry in /health/ready (the whole report is Degraded anyway here: the test's key ring is unprotected).</summary>
    private static async Task<string> RedisHealthAsync(HttpClient client)
    {
        var response = await client.GetAsync("/health/ready");
        response.StatusCode.Should().Be(HttpStatusCode.OK, "Redis down degrades the service, it does not make it unready");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var redis = body["checks"]!["redis"]!;
        if (redis["status"]!.GetValue<string>() != "Healthy")
        {
            redis["description"]!.GetValue<string>().Should().Contain("Redis__Configuration");
        }

        if (redis["status"]!.GetValue<string>() == "Degraded")
        {
            body["status"]!.GetValue<string>().Should().Be("Degraded");
        }

        return redis["status"]!.GetValue<string>();
    }

    private static Task<double> FallbacksAsync(HttpClient client, double atLeast = 0) => CounterAsync(client, "apikeys_redis_fallbacks_total", atLeast);

    /// <summary>A counter summed over its labels; the exporter caches a scrape briefly, so waits (up to 5 s) for <paramref name="atLeast"/>.</summary>
    private static async Task<double> CounterAsync(HttpClient client, string name, double atLeast = 0)
    {
        for (var attempt = 0; ; attempt++)
        {
            var text = await client.GetStringAsync("/metrics");
            var value = CounterLine().Matches(text).Where(m => m.Groups[1].Value == name)
                .Sum(m => double.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
            if (value >= atLeast || attempt == 50)
            {
                return value;
            }

            await Task.Delay(100);
        }
    }

    [GeneratedRegex(@"^(\w+)\{[^}]*\} ([0-9.eE+]+)", RegexOptions.Multiline)]
    private static partial Regex CounterLine();
}
