using System.Diagnostics;
using System.Net;
using ApiKeys.Api.Tests.Harness;

namespace ApiKeys.Api.Tests.Nodes;

/// <summary>
/// Issue 5: two service processes on one PostgreSQL database. A key made on one node works on the other; revoked
/// or regenerated on one, it stops on the other within 2 seconds (the change feed, polled about once a second).
/// </summary>
public sealed class MultiNodeTests : IAsyncLifetime
{
    private TestDatabase? _database;
    private ServiceNode? _nodeA;
    private ServiceNode? _nodeB;
    private string _org = "";
    private string _ownerKey = "";

    public async ValueTask InitializeAsync()
    {
        if (TestDatabase.PostgresServer is null)
        {
            return;
        }

        _database = TestDatabase.Postgres();
        await _database.CreateAsync();
        var settings = new Dictionary<string, string>
        {
            ["Database__Provider"] = "postgres",
            ["ConnectionStrings__Default"] = _database.ConnectionString,
            ["Argon2__MemoryKiB"] = "1024",
            ["Argon2__Iterations"] = "1",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        _nodeA = await ServiceNode.StartAsync(settings);
        (_org, _ownerKey) = _nodeA.Bootstrap();
        _nodeB = await ServiceNode.StartAsync(settings);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in new[] { _nodeA, _nodeB })
        {
            if (node is not null)
            {
                await node.DisposeAsync();
            }
        }

        if (_database is not null)
        {
            await _database.DropAsync();
        }
    }

    [Fact]
    public async Task KeysWorkAcrossNodes_AndRevocationReachesTheOtherNodeWithinTwoSeconds()
    {
        SkipWithoutPostgres();
        var ownerA = _nodeA!.Client(_ownerKey);
        var ownerB = _nodeB!.Client(_ownerKey);
        var keys = $"/v1/organizations/{_org}/api-keys";

        var (_, plain) = await ownerA.PostJsonAsync(keys, new { name = "plain on A", secure = false });
        var plainToken = plain!["plaintext_api_key"]!.GetValue<string>();
        var (_, readOnB) = await ownerB.GetJsonAsync($"{keys}/{plain["api_key"]!["id"]}");
        readOnB!["api_key"]!["key"]!.GetValue<string>().Should().Be(plainToken, "the Data Protection key ring is shared through the database");
        (await _nodeB.Client(plainToken).GetAsync("/v1/me", TestContext.Current.CancellationToken)).StatusCode.Should().Be(HttpStatusCode.OK);

        var delays = new List<double>();
        for (var trial = 0; trial < 20; trial++)
        {
            var (_, created) = await ownerA.PostJsonAsync(keys, new { name = $"trial {trial}", org_role = "member" });
            var token = created!["plaintext_api_key"]!.GetValue<string>();
            var onA = _nodeA.Client(token);
            (await onA.GetAsync("/v1/me", TestContext.Current.CancellationToken)).StatusCode.Should().Be(HttpStatusCode.OK, "warm on node A");
            (await _nodeB.Client(token).GetAsync("/v1/me", TestContext.Current.CancellationToken)).StatusCode.Should().Be(HttpStatusCode.OK, "a key made on A works on B");

            (await ownerB.DeleteJsonAsync($"{keys}/{created["api_key"]!["id"]}")).Response.StatusCode.Should().Be(HttpStatusCode.OK);
            delays.Add(await SecondsUntilRefusedAsync(onA));
        }

        delays.Sort();
        var report = $"revocation delay on the other node over {delays.Count} trials: p50 {delays[delays.Count / 2] * 1000:F0} ms, max {delays[^1] * 1000:F0} ms";
        TestContext.Current.TestOutputHelper?.WriteLine(report);
        await File.WriteAllTextAsync(Path.Combine(AppContext.BaseDirectory, "multi-node-revocation.txt"), report, TestContext.Current.CancellationToken);
        delays.Should().OnlyContain(d => d < 2.0, report);
    }

    [Fact]
    public async Task KeyChangesLongPollOnOneNode_SeesARevocationOnTheOther_WithinTwoSeconds()
    {
        SkipWithoutPostgres();
        var ownerA = _nodeA!.Client(_ownerKey);
        var ownerB = _nodeB!.Client(_ownerKey);
        var changes = $"/v1/organizations/{_org}/key-changes";
        // Several trials, the slowest reported (as the revocation test above): one lucky wake-up cannot pass the rule.
        var delays = new List<double>();
        for (var trial = 0; trial < 3; trial++)
        {
            var (_, created) = await ownerB.PostJsonAsync($"/v1/organizations/{_org}/api-keys", new { name = $"followed {trial}", org_role = "member" });
            var id = created!["api_key"]!["id"]!.GetValue<string>();
            string? cursor = null;
            while (true)
            {
                var (_, page) = await ownerA.GetJsonAsync(cursor is null ? changes : $"{changes}?after={cursor}");
                cursor = page!["cursor"]!.GetValue<string>();
                if (page["changes"]!.AsArray().Count == 0)
                {
                    break;
                }
            }

            var poll = ownerA.GetJsonAsync($"{changes}?after={cursor}&wait=20");
            await Task.Delay(300, TestContext.Current.CancellationToken);
            var clock = Stopwatch.StartNew();
            (await ownerB.DeleteJsonAsync($"/v1/organizations/{_org}/api-keys/{id}")).Response.StatusCode.Should().Be(HttpStatusCode.OK);
            var (response, body) = await poll;
            clock.Stop();

            response.StatusCode.Should().Be(HttpStatusCode.OK);
            body!["changes"]!.AsArray().Select(c => c!["key_id"]!.GetValue<string>()).Should().Contain(id, $"trial {trial}");
            delays.Add(clock.Elapsed.TotalSeconds);
        }

        var report = $"key-changes long poll on node A answered a revocation on node B within max {delays.Max() * 1000:F0} ms over {delays.Count} trials";
        TestContext.Current.TestOutputHelper?.WriteLine(report);
        delays.Max().Should().BeLessThan(2.0, "node A's feed poller (about once a second) wakes the long poll: " + report);
    }

    [Fact]
    public async Task RegeneratedOnOneNode_OldSecretFailsOnTheOtherWithinTwoSeconds()
    {
        SkipWithoutPostgres();
        var keys = $"/v1/organizations/{_org}/api-keys";
        var (_, created) = await _nodeB!.Client(_ownerKey).PostJsonAsync(keys, new { name = "rotating", org_role = "member" });
        var oldToken = created!["plaintext_api_key"]!.GetValue<string>();
        var onB = _nodeB.Client(oldToken);
        (await onB.GetAsync("/v1/me", TestContext.Current.CancellationToken)).StatusCode.Should().Be(HttpStatusCode.OK);

        var (regenerated, body) = await _nodeA!.Client(_ownerKey).PostJsonAsync($"{keys}/{created["api_key"]!["id"]}/regenerate", new { grace_period_seconds = 0 });
        regenerated.StatusCode.Should().Be(HttpStatusCode.OK);
        (await SecondsUntilRefusedAsync(onB)).Should().BeLessThan(2.0);
        (await _nodeB.Client(body!["plaintext_api_key"]!.GetValue<string>()).GetAsync("/v1/me", TestContext.Current.CancellationToken)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private static async Task<double> SecondsUntilRefusedAsync(HttpClient client)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(5))
        {
            if ((await client.GetAsync("/v1/me", TestContext.Current.CancellationToken)).StatusCode == HttpStatusCode.Unauthorized)
            {
                return clock.Elapsed.TotalSeconds;
            }

            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        return clock.Elapsed.TotalSeconds;
    }

    private static void SkipWithoutPostgres()
    {
        if (TestDatabase.PostgresServer is null)
        {
            Assert.Skip($"Needs PostgreSQL: set {TestDatabase.PostgresVariable} (.ci/run does).");
        }
    }
}
