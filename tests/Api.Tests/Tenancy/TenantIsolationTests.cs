using System.Buffers.Text;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ApiKeys.Api.Tests.Harness;

namespace ApiKeys.Api.Tests.Tenancy;

/// <summary>
/// Contract §2, "Tenants never touch each other": verifying another organization's key changes nothing of it
/// (<c>last_used_at</c>, usage counts), and cursors (key-changes, lists, audit) carry nothing of other organizations.
/// </summary>
public class TenantIsolationTests(TenancyFactory factory) : IClassFixture<TenancyFactory>
{
    private const string Verify = "/v1/keys/verify";

    [Fact]
    public async Task VerifyingAnotherOrganizationsKey_ChangesNothingOfIt_ColdOrWarm()
    {
        var attacker = await factory.OrganizationAsync();
        var victim = await factory.OrganizationAsync();
        var (keyId, key) = await victim.Owner.CreateKeyAsync(victim.Org, new { name = "victim", org_role = "member" });

        // Cold: the first verification of this token anywhere is the attacker's.
        (await CodeAsync(attacker.Verifier, new { key })).Should().Be("NOT_FOUND");
        await factory.FlushUsesAsync();
        var cold = await KeyAsync(victim, keyId);
        cold["last_used_at"].Should().BeNull("another organization's verify is no use of the key");
        (await UsageAsync(victim, keyId)).Should().Be(0);

        // Warm: its own verifier uses it once; the attacker's verify a minute later (a cache hit) leaves that use as it was.
        (await CodeAsync(victim.Verifier, new { key })).Should().Be("VALID");
        await factory.FlushUsesAsync();
        var used = (await KeyAsync(victim, keyId))["last_used_at"]!.GetValue<string>();
        factory.Clock.Advance(TimeSpan.FromMinutes(1));
        (await CodeAsync(attacker.Verifier, new { key })).Should().Be("NOT_FOUND");
        await factory.FlushUsesAsync();
        (await KeyAsync(victim, keyId))["last_used_at"]!.GetValue<string>().Should().Be(used);
        (await UsageAsync(victim, keyId)).Should().Be(1, "only its own verifier's use is counted");

        // The control: the key's own use a minute later does move it.
        factory.Clock.Advance(TimeSpan.FromMinutes(1));
        (await factory.WithToken(key).GetAsync("/v1/me", TestContext.Current.CancellationToken)).StatusCode.Should().Be(HttpStatusCode.OK);
        await factory.FlushUsesAsync();
        (await KeyAsync(victim, keyId))["last_used_at"]!.GetValue<string>().Should().NotBe(used);
    }

    [Fact]
    public async Task KeyChangesCursor_CarriesNoFeedPosition_IsFreshEachTime_AndOpensOnlyForItsOrganization()
    {
        var follower = await factory.OrganizationAsync();
        var other = await factory.OrganizationAsync();
        var quiet = await CursorNowAsync(follower);

        // Other organizations' changes move the shared feed; the follower's cursor must not show it.
        for (var i = 0; i < 5; i++)
        {
            var (id, _) = await other.Owner.CreateKeyAsync(other.Org, new { name = $"other {i}" });
            (await other.Owner.DeleteJsonAsync($"/v1/organizations/{other.Org}/api-keys/{id}")).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        var (_, afterOthers) = await follower.Verifier.GetJsonAsync($"{Changes(follower.Org)}?after={quiet}");
        afterOthers!["changes"]!.AsArray().Should().BeEmpty();
        var moved = afterOthers["cursor"]!.GetValue<string>();
        var (_, again) = await follower.Verifier.GetJsonAsync($"{Changes(follower.Org)}?after={moved}");
        var unmoved = again!["cursor"]!.GetValue<string>();

        // A cursor is sealed: nothing readable in it, and every answer's is new and of one length, busy feed or quiet.
        foreach (var cursor in new[] { quiet, moved, unmoved })
        {
            Readable(cursor).Should().NotContain("kc1:").And.NotMatchRegex(@"^\d+$");
            cursor.Length.Should().Be(quiet.Length);
        }

        unmoved.Should().NotBe(moved, "a cursor changes with every answer, so a change says nothing of other organizations");
        var (foreign, body) = await other.Verifier.GetJsonAsync($"{Changes(other.Org)}?after={moved}");
        foreign.StatusCode.Should().Be(HttpStatusCode.BadRequest, "a cursor opens only for the organization it was issued to");
        body!["details"]!.AsObject().Select(p => p.Key).Should().Contain("after");

        // Following with sealed cursors loses nothing: the follower's own change after all that is there, once.
        var (mine, _) = await follower.Owner.CreateKeyAsync(follower.Org, new { name = "mine" });
        (await follower.Owner.DeleteJsonAsync($"/v1/organizations/{follower.Org}/api-keys/{mine}")).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        var (_, changes) = await follower.Verifier.GetJsonAsync($"{Changes(follower.Org)}?after={unmoved}&wait=5");
        changes!["changes"]!.AsArray().Select(c => c!["key_id"]!.GetValue<string>()).Should().Equal(mine);
    }

    [Fact]
    public async Task ListAndAuditCursors_AreTheSameWhateverOtherOrganizationsDo()
    {
        var reader = await factory.OrganizationAsync();
        var other = await factory.OrganizationAsync();
        for (var i = 0; i < 3; i++)
        {
            await reader.Owner.CreateKeyAsync(reader.Org, new { name = $"mine {i}" });
        }

        var paths = new[] { $"/v1/organizations/{reader.Org}/api-keys?limit=1", $"/v1/organizations/{reader.Org}/audit-events?limit=1&action=api_key.created" };
        var before = await NextCursorsAsync(reader.Owner, paths);
        for (var i = 0; i < 5; i++)
        {
            await other.Owner.CreateKeyAsync(other.Org, new { name = $"theirs {i}" });
        }

        (await NextCursorsAsync(reader.Owner, paths)).Should().Equal(before, "a list cursor names the last row of the caller's own page, nothing shared");
        before.Should().OnlyContain(c => !Readable(c).Contains(other.Org, StringComparison.Ordinal));
    }

    private static async Task<List<string>> NextCursorsAsync(HttpClient client, IEnumerable<string> paths)
    {
        var cursors = new List<string>();
        foreach (var path in paths)
        {
            var (response, body) = await client.GetJsonAsync(path);
            response.StatusCode.Should().Be(HttpStatusCode.OK, body?.ToJsonString());
            cursors.Add(body!["next_cursor"]!.GetValue<string>());
        }

        return cursors;
    }

    private static string Readable(string cursor)
    {
        try
        {
            return Encoding.Latin1.GetString(Base64Url.DecodeFromChars(cursor));
        }
        catch (FormatException)
        {
            return cursor;
        }
    }

    private static string Changes(string org) => $"/v1/organizations/{org}/key-changes";

    private static async Task<string> CursorNowAsync((string Org, HttpClient Owner, HttpClient Verifier) organization)
    {
        string? cursor = null;
        while (true)
        {
            var (response, body) = await organization.Verifier.GetJsonAsync(Changes(organization.Org) + (cursor is null ? "" : $"?after={cursor}"));
            response.StatusCode.Should().Be(HttpStatusCode.OK, body?.ToJsonString());
            cursor = body!["cursor"]!.GetValue<string>();
            if (body["changes"]!.AsArray().Count == 0)
            {
                return cursor;
            }
        }
    }



    private static async Task<JsonNode> KeyAsync((string Org, HttpClient Owner, HttpClient Verifier) organization, string keyId) =>
        (await organization.Owner.GetJsonAsync($"/v1/organizations/{organization.Org}/api-keys/{keyId}")).Body!["api_key"]!;

    private static async Task<long> UsageAsync((string Org, HttpClient Owner, HttpClient Verifier) organization, string keyId)
    {
        var (response, body) = await organization.Owner.GetJsonAsync($"/v1/organizations/{organization.Org}/api-keys/{keyId}/usage");
        response.StatusCode.Should().Be(HttpStatusCode.OK, body?.ToJsonString());
        return body!["usage"]!.AsArray().Sum(b => b!["valid"]!.GetValue<long>() + b["rejected"]!.GetValue<long>());
    }

    private static async Task<string> CodeAsync(HttpClient verifier, object body)
    {
        var (response, answer) = await verifier.PostJsonAsync(Verify, body);
        response.StatusCode.Should().Be(HttpStatusCode.OK, answer?.ToJsonString());
        return answer!["code"]!.GetValue<string>();
    }
}
