using System.Net;
using ApiKeys.Api.Tests.Harness;

namespace ApiKeys.Api.Tests.Governance;

/// <summary>Contract §9 with credits reserved ahead of use (README "Credits across nodes"), on one node.</summary>
public sealed class CreditReservationTests(BoundedPoolFactory factory) : IClassFixture<BoundedPoolFactory>
{
    [Fact]
    public async Task PatchOfCredits_WhileTheNodeHoldsAReservation_TheNewValueWins()
    {
        var world = await GovernanceWorld.CreateAsync(factory);
        var (id, token) = await world.CreateKeyAsync(new { name = "thousand", org_role = "member", credits = new { remaining = 1000 } });

        // Concurrent verifies make the node reserve a batch and claim ahead of them.
        var first = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => world.VerifyAsync(new { key = token })));
        first.Should().OnlyContain(a => a["code"]!.GetValue<string>() == "VALID");
        (await world.KeyAsync(id))["credits"]!["remaining"]!.GetValue<long>().Should().BeLessThan(960, "the node holds credits it has not spent");

        (await world.Owner.PatchJsonAsync($"{world.Keys}/{id}", new { credits = new { remaining = 5 } })).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        var after = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            after.Add((await world.VerifyAsync(new { key = token }))["code"]!.GetValue<string>());
        }

        after.Should().Equal([.. Enumerable.Repeat("VALID", 5), .. Enumerable.Repeat("USAGE_EXCEEDED", 7)], "the old reservation died with the PATCH");
        (await world.KeyAsync(id))["credits"]!["remaining"]!.GetValue<long>().Should().Be(0);
    }
}
