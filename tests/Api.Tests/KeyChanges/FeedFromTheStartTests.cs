using System.Net;
using ApiKeys.Api.Tests.Harness;

namespace ApiKeys.Api.Tests.KeyChanges;

/// <summary>
/// A follower without a cursor reads from the start. On a feed with no row yet below a number in flight, nothing says
/// whether the numbers before the first row are pruned or still open, so they are held back as a hole until it settles.
/// Its own class, hence its own empty database.
/// </summary>
public class FeedFromTheStartTests(PostgresApiFactory factory) : IClassFixture<PostgresApiFactory>
{
    [Fact]
    public async Task AFollowerWithoutACursor_DoesNotPassTheFirstNumberInFlight()
    {
        if (factory.Provider != "postgres")
        {
            Assert.Skip($"Needs PostgreSQL: set {TestDatabase.PostgresVariable} (.ci/run does). SQLite commits one writer at a time, so its feed has no gaps.");
        }

        var ct = TestContext.Current.CancellationToken;
        var (org, ownerKey) = await factory.CreateOrganizationAsync();
        var owner = factory.WithToken(ownerKey);
        var (_, verifierToken) = await owner.CreateKeyAsync(org, new { name = "follower", org_role = "admin", scopes = new[] { "apikey.verify" } });
        var follower = factory.WithToken(verifierToken);
        var changes = $"/v1/organizations/{org}/key-changes";
        var (slowId, _) = await owner.CreateKeyAsync(org, new { name = "slow", org_role = "member" });
        var (fastId, _) = await owner.CreateKeyAsync(org, new { name = "fast", org_role = "member" });

        // The feed's first number is taken and still open; the second commits.
        await using var other = await FeedGapTests.RevocationHeldOpenAsync(factory, slowId);
        (await owner.DeleteJsonAsync($"/v1/organizations/{org}/api-keys/{fastId}")).Response.StatusCode.Should().Be(HttpStatusCode.OK);

        var seen = new List<string>();
        var (_, early) = await follower.GetJsonAsync(changes);
        seen.AddRange(early!["changes"]!.AsArray().Select(c => c!["key_id"]!.GetValue<string>()));
        var cursor = early["cursor"]!.GetValue<string>();

        await other.CommitAsync(ct);
        while (seen.Count < 2)
        {
            var (_, late) = await follower.GetJsonAsync($"{changes}?after={cursor}&wait=5");
            var page = late!["changes"]!.AsArray();
            if (page.Count == 0)
            {
                break;
            }

            seen.AddRange(page.Select(c => c!["key_id"]!.GetValue<string>()));
            cursor = late["cursor"]!.GetValue<string>();
        }

        seen.Should().BeEquivalentTo([slowId, fastId], "each change once, the one committed late included");
    }
}
