using System.Net;
using ApiKeys.Api.Tests.Harness;
using Npgsql;

namespace ApiKeys.Api.Tests.Governance;

/// <summary>
/// The service on a real socket (Kestrel: each connection's request runs on its own, as in production) with a bounded
/// database pool (20 connections on PostgreSQL, as a deployment would size it; the test server's 100 connections are
/// shared by every suite running on it): 200 concurrent verifications queue for connections instead of exhausting the server.
/// </summary>
public sealed class BoundedPoolFactory : KestrelApiFactory
{
    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = base.Settings;
            if (Provider == "postgres")
            {
                settings["ConnectionStrings:Default"] = new NpgsqlConnectionStringBuilder(Database.ConnectionString) { MaxPoolSize = 20 }.ConnectionString;
            }

            return settings;
        }
    }
}

/// <summary>Contract §9: credits are never overspent, whatever the concurrency (one node here; two in <see cref="GovernanceMultiNodeTests"/>).</summary>
public sealed class CreditsConcurrencyTests(BoundedPoolFactory factory) : IClassFixture<BoundedPoolFactory>
{
    /// <summary>A race lost once in a while must still fail a run: each test repeats it on a fresh key.</summary>
    private const int Trials = 4;

    [Fact]
    public async Task Credits_AreNeverOverspent_Under200ConcurrentVerifies()
    {
        var world = await GovernanceWorld.CreateAsync(factory);
        for (var trial = 0; trial < Trials; trial++)
        {
            var (id, token) = await world.CreateKeyAsync(new { name = $"fifty {trial}", org_role = "member", credits = new { remaining = 50 } });

            var answers = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => world.Verifier.PostJsonAsync(GovernanceWorld.Verify, new { key = token })));
            answers.Should().OnlyContain(a => a.Response.StatusCode == HttpStatusCode.OK);
            var codes = answers.Select(a => a.Body!["code"]!.GetValue<string>()).ToList();
            // Both counts exact: the race happened (successes and refusals in one burst) and nothing was overspent.
            codes.Count(c => c == "VALID").Should().Be(50, $"trial {trial}");
            codes.Count(c => c == "USAGE_EXCEEDED").Should().Be(150, $"trial {trial}");
            (await world.KeyAsync(id))["credits"]!["remaining"]!.GetValue<long>().Should().Be(0, $"trial {trial}");
        }
    }

    [Fact]
    public async Task Costs_AreTakenWhole_UnderConcurrency()
    {
        var world = await GovernanceWorld.CreateAsync(factory);
        for (var trial = 0; trial < Trials; trial++)
        {
            var (id, token) = await world.CreateKeyAsync(new { name = $"hundred {trial}", org_role = "member", credits = new { remaining = 100 } });

            // 60 verifications of cost 3: 33 fit (99), one credit is left that no cost-3 call may take.
            var answers = await Task.WhenAll(Enumerable.Range(0, 60).Select(_ => world.Verifier.PostJsonAsync(GovernanceWorld.Verify, new { key = token, cost = 3 })));
            var codes = answers.Select(a => a.Body!["code"]!.GetValue<string>()).ToList();
            codes.Count(c => c == "VALID").Should().Be(33, $"trial {trial}");
            codes.Count(c => c == "USAGE_EXCEEDED").Should().Be(27, $"trial {trial}: the other calls were refused, not failed");
            // The last credit may sit in this node's reservation (the key's row shows it once the reservation ends): a
            // verify of cost 1 still finds it, and then none is left.
            var last = await world.Verifier.PostJsonAsync(GovernanceWorld.Verify, new { key = token });
            last.Body!["code"]!.GetValue<string>().Should().Be("VALID", $"trial {trial}");
            last.Body["credits_remaining"]!.GetValue<long>().Should().Be(0, $"trial {trial}");
            (await world.Verifier.PostJsonAsync(GovernanceWorld.Verify, new { key = token })).Body!["code"]!.GetValue<string>().Should().Be("USAGE_EXCEEDED", $"trial {trial}");
            _ = id;
        }
    }
}
