using System.Diagnostics;
using System.Net;
using ApiKeys.Api.Tests.Harness;
using ApiKeys.Api.Tests.Nodes;
using ApiKeys.Domain.Common;
using Npgsql;

namespace ApiKeys.Api.Tests.Governance;

/// <summary>
/// Contract §9 on two service processes sharing one PostgreSQL database and no Redis: credits are taken where they
/// are stored, so they are exact across nodes; a disabled key is refused on the other node within 2 seconds (the
/// change feed) and works there again once enabled.
/// </summary>
public sealed class GovernanceMultiNodeTests : IAsyncLifetime
{
    private const int ReservationSeconds = 4;

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
            ["ConnectionStrings__Default"] = new NpgsqlConnectionStringBuilder(_database.ConnectionString) { MaxPoolSize = 20 }.ConnectionString,
            ["Argon2__MemoryKiB"] = "1024",
            ["Argon2__Iterations"] = "1",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Governance__ReservationSeconds"] = ReservationSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
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

    private string Keys => $"/v1/organizations/{_org}/api-keys";

    private async Task<(string Id, string Token)> CreateKeyAsync(object body)
    {
        var (response, created) = await _nodeA!.Client(_ownerKey).PostJsonAsync(Keys, body);
        response.StatusCode.Should().Be(HttpStatusCode.Created, created?.ToJsonString());
        return (created!["api_key"]!["id"]!.GetValue<string>(), created["plaintext_api_key"]!.GetValue<string>());
    }

    [Fact]
    public async Task Credits_AreExactAcrossTwoNodes_Under200ConcurrentVerifies()
    {
        SkipWithoutPostgres();
        var (_, verifierToken) = await CreateKeyAsync(new { name = "verifier", org_role = "admin", scopes = new[] { "apikey.verify" } });
        var verifiers = new[] { _nodeA!.Client(verifierToken), _nodeB!.Client(verifierToken) };
        // Several trials on fresh keys: a race lost once in a while must still fail a run.
        for (var trial = 0; trial < 3; trial++)
        {
            var (_, token) = await CreateKeyAsync(new { name = $"fifty {trial}", org_role = "member", credits = new { remaining = 50 } });
            foreach (var verifier in verifiers)
            {
                // Both tokens warm on both nodes first (cost 0 takes nothing), so that both nodes race for the credits.
                (await verifier.PostJsonAsync("/v1/keys/verify", new { key = token, cost = 0 })).Body!["code"]!.GetValue<string>().Should().Be("VALID");
            }

            var answers = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => verifiers[i % 2].PostJsonAsync("/v1/keys/verify", new { key = token })));
            answers.Should().OnlyContain(a => a.Response.StatusCode == HttpStatusCode.OK);
            var valid = answers.Select((a, i) => (Node: i % 2, Code: a.Body!["code"]!.GetValue<string>())).Where(a => a.Code == "VALID").ToList();
            valid.Should().HaveCount(50, $"trial {trial}");
            valid.Select(v => v.Node).Distinct().Should().HaveCount(2, $"trial {trial}: both nodes took credits");
            answers.Count(a => a.Body!["code"]!.GetValue<string>() == "USAGE_EXCEEDED").Should().Be(150, $"trial {trial}");
        }
    }

    [Fact]
    public async Task ANodeKilledWhileSpending_GivesBackNothingSpent_AndWhatItHeldReturnsWithinTheSetting()
    {
        SkipWithoutPostgres();
        var (_, verifierToken) = await CreateKeyAsync(new { name = "verifier", org_role = "admin", scopes = new[] { "apikey.verify" } });
        var (id, token) = await CreateKeyAsync(new { name = "thousand", org_role = "member", credits = new { remaining = 1000 } });
        var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => _nodeA!.Client(verifierToken).PostJsonAsync("/v1/keys/verify", new { key = token })));
        answers.Should().OnlyContain(a => a.Body!["code"]!.GetValue<string>() == "VALID");
        var before = await StoredCreditsAsync(id);
        before.Held.Should().BeGreaterThan(0, "node A holds a reservation of the key's credits");
        (before.Row + before.Held).Should().BeLessThanOrEqualTo(960, "the 40 spent are out of the row and the reservation");

        // SIGKILL: no graceful stop gives anything back.
        await _nodeA!.DisposeAsync();
        _nodeA = null;
        var killed = Stopwatch.StartNew();
        var after = before;
        while (after.Held > 0 && killed.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
            after = await StoredCreditsAsync(id);
        }

        var report = $"node A's reservation of {before.Held} returned {killed.Elapsed.TotalMilliseconds:F0} ms after the kill (ReservationSeconds {ReservationSeconds})";
        TestContext.Current.TestOutputHelper?.WriteLine(report);
        after.Held.Should().Be(0, "node B reclaims the dead node's expired reservation: " + report);
        after.Row.Should().Be(before.Row + before.Held, "what was held goes back whole, and nothing spent comes back");
        killed.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(ReservationSeconds + 3), report);

        // Node B spends what came back, and no more.
        var onB = _nodeB!.Client(verifierToken);
        var all = await onB.PostJsonAsync("/v1/keys/verify", new { key = token, cost = after.Row });
        all.Body!["code"]!.GetValue<string>().Should().Be("VALID", all.Body.ToJsonString());
        (await onB.PostJsonAsync("/v1/keys/verify", new { key = token })).Body!["code"]!.GetValue<string>().Should().Be("USAGE_EXCEEDED");
    }

    /// <summary>The key's credits as stored: its row's remaining, and what every reservation of it holds.</summary>
    private async Task<(long Row, long Held)> StoredCreditsAsync(string keyId)
    {
        await using var connection = new NpgsqlConnection(_database!.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(
            """SELECT (SELECT "CreditsRemaining" FROM api_keys WHERE "Id" = @id), (SELECT COALESCE(SUM("Held"), 0) FROM credit_reservations WHERE "ApiKeyId" = @id)""", connection);
        ApiKeyId.TryParse(keyId, out var id).Should().BeTrue(keyId);
        command.Parameters.AddWithValue("id", id.Value);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        await reader.ReadAsync(TestContext.Current.CancellationToken);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    [Fact]
    public async Task DisabledOnOneNode_IsRefusedOnTheOtherWithinTwoSeconds_AndWorksAgainWhenEnabled()
    {
        SkipWithoutPostgres();
        var (id, token) = await CreateKeyAsync(new { name = "switchable", org_role = "member" });
        var onA = _nodeA!.Client(token);
        (await onA.GetAsync("/v1/me", TestContext.Current.CancellationToken)).StatusCode.Should().Be(HttpStatusCode.OK, "warm on node A");

        // Several trials, the slowest reported: one lucky poll cannot pass the rule.
        var disabled = new List<double>();
        var enabled = new List<double>();
        for (var trial = 0; trial < 3; trial++)
        {
            (await _nodeB!.Client(_ownerKey).PatchJsonAsync($"{Keys}/{id}", new { enabled = false })).Response.StatusCode.Should().Be(HttpStatusCode.OK);
            disabled.Add(await SecondsUntilAsync(onA, HttpStatusCode.Unauthorized));
            (await _nodeB.Client(_ownerKey).PatchJsonAsync($"{Keys}/{id}", new { enabled = true })).Response.StatusCode.Should().Be(HttpStatusCode.OK);
            enabled.Add(await SecondsUntilAsync(onA, HttpStatusCode.OK));
        }

        var report = $"over {disabled.Count} trials: refused after max {disabled.Max() * 1000:F0} ms, accepted again after max {enabled.Max() * 1000:F0} ms";
        TestContext.Current.TestOutputHelper?.WriteLine(report);
        disabled.Max().Should().BeLessThan(2.0, report);
        enabled.Max().Should().BeLessThan(2.0, report);
    }

    private static async Task<double> SecondsUntilAsync(HttpClient client, HttpStatusCode status)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            if ((await client.GetAsync("/v1/me", TestContext.Current.CancellationToken)).StatusCode == status)
            {
                return clock.Elapsed.TotalSeconds;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        return double.PositiveInfinity;
    }

    private static void SkipWithoutPostgres() =>
        Assert.SkipWhen(TestDatabase.PostgresServer is null, $"Needs PostgreSQL: set {TestDatabase.PostgresVariable} (.ci/run does).");
}
