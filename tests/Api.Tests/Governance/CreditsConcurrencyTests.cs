using System.Net;
using ApiKeys.Api.Tests.Harness;
using Npgsql;

namespace ApiKeys.Api.Tests.Governance;

/// <summary>
/// The service with a bounded database pool (20 connections on PostgreSQL, as a deployment would size it; the test
/// server's 100 connections are shared by every suite running on it): 200 concurrent verifications queue for
/// connections instead of exhausting the server.
/// </summary>
public sealed class BoundedPoolFactory : ApiFactory
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
    [Fact]
    public async Task Credits_AreNeverOverspent_Under200ConcurrentVerifies()
    {
        var world = await GovernanceWorld.CreateAsync(factory);
        var (id, token) = await world.CreateKeyAsync(new { name = "fifty", org_role = "member", credits = new { remaining = 50 } });

        var answers = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => world.Verifier.PostJsonAsync(GovernanceWorld.Verify, new { key = token })));
        answers.Should().OnlyContain(a => a.Response.StatusCode == HttpStatusCode.OK);
        var codes = answers.Select(a => a.Body!["code"]!.GetValue<string>()).ToList();
        codes.Count(c => c == "VALID").Should().Be(50);
        codes.Count(c => c == "USAGE_EXCEEDED").Should().Be(150);
        (await world.KeyAsync(id))["credits"]!["remaining"]!.GetValue<long>().Should().Be(0);
    }

    [Fact]
    public async Task Costs_AreTakenWhole_UnderConcurrency()
    {
        var world = await GovernanceWorld.CreateAsync(factory);
        var (id, token) = await world.CreateKeyAsync(new { name = "hundred", org_role = "member", credits = new { remaining = 100 } });

        // 60 verifications of cost 3: 33 fit (99), one credit is left that no cost-3 call may take.
        var answers = await Task.WhenAll(Enumerable.Range(0, 60).Select(_ => world.Verifier.PostJsonAsync(GovernanceWorld.Verify, new { key = token, cost = 3 })));
        answers.Count(a => a.Body!["code"]!.GetValue<string>() == "VALID").Should().Be(33);
        (await world.KeyAsync(id))["credits"]!["remaining"]!.GetValue<long>().Should().Be(1);
    }
}
