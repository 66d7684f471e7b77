using System.Net;
using System.Text.Json.Nodes;
using ApiKeys.Api.Tests.Harness;

namespace ApiKeys.Api.Tests.ApiKeys;

/// <summary>
/// Contract §4's bulk revoke: the dry run changes nothing and answers what would happen, the covering rule is applied
/// per key (skipped ones counted, never a denial per key), each revoked key stops at once and is audited, a bad or
/// empty filter is 400 and changes nothing, and a key re-roled out of the caller's reach while the revoke runs is
/// never revoked by it.
/// </summary>
public class BulkRevokeTests(RaceFactory factory) : IClassFixture<RaceFactory>
{
    private static string Keys(string org) => $"/v1/organizations/{org}/api-keys";

    private static object Meta(string team) => new { team };

    private async Task<(string Org, HttpClient Owner, HttpClient Admin, Dictionary<string, (string Id, string Token)> Keys)> SeedAsync()
    {
        var (org, owner, _) = await factory.UserOrganizationAsync();
        var keys = new Dictionary<string, (string Id, string Token)>(StringComparer.Ordinal);
        foreach (var (name, role, team) in new[] { ("ci member", "org_member", "ci"), ("ci member 2", "org_member", "ci"), ("ci owner", "org_owner", "ci"), ("cd member", "org_member", "cd") })
        {
            keys[name] = await owner.CreateKeyAsync(org, new { name, org_role = role });
            (await owner.PatchJsonAsync($"{Keys(org)}/{keys[name].Id}", new { meta = Meta(team) })).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        keys["admin"] = await owner.CreateKeyAsync(org, new { name = "admin", org_role = "org_admin" });
        return (org, owner, factory.WithToken(keys["admin"].Token), keys);
    }

    [Fact]
    public async Task DryRun_AnswersWhatWouldHappen_AndChangesNothing()
    {
        var (org, _, admin, keys) = await SeedAsync();
        var (response, body) = await admin.PostJsonAsync($"{Keys(org)}/bulk-revoke", new { filter = new JsonObject { ["meta.team"] = "ci" }, dry_run = true });
        response.StatusCode.Should().Be(HttpStatusCode.OK, body?.ToJsonString());
        body!["revoked"]!.GetValue<int>().Should().Be(2);
        body["skipped"]!.GetValue<int>().Should().Be(1, "an org admin does not cover an owner key");
        body["key_ids"]!.AsArray().Select(i => i!.GetValue<string>()).Should().BeEquivalentTo(keys["ci member"].Id, keys["ci member 2"].Id);

        foreach (var (_, token) in keys.Values)
        {
            (await factory.WithToken(token).GetJsonAsync("/v1/me")).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task Revoke_StopsEachCoveredKeyAtOnce_AuditsEach_AndLeavesTheRest()
    {
        var (org, owner, admin, keys) = await SeedAsync();
        var (response, body) = await admin.PostJsonAsync($"{Keys(org)}/bulk-revoke", new { filter = new JsonObject { ["meta.team"] = "ci", ["org_role"] = "org_member" } });
        response.StatusCode.Should().Be(HttpStatusCode.OK, body?.ToJsonString());
        body!["revoked"]!.GetValue<int>().Should().Be(2);
        body["skipped"]!.GetValue<int>().Should().Be(0);

        (await factory.WithToken(keys["ci member"].Token).GetJsonAsync("/v1/me")).Response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await factory.WithToken(keys["ci member 2"].Token).GetJsonAsync("/v1/me")).Response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await factory.WithToken(keys["ci owner"].Token).GetJsonAsync("/v1/me")).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await factory.WithToken(keys["cd member"].Token).GetJsonAsync("/v1/me")).Response.StatusCode.Should().Be(HttpStatusCode.OK);

        var (_, audit) = await owner.GetJsonAsync($"/v1/organizations/{org}/audit-events?action=api_key.revoked&limit=200");
        audit!["audit_events"]!.AsArray().Select(e => e!["api_key_id"]?.GetValue<string>()).Should().BeEquivalentTo(keys["ci member"].Id, keys["ci member 2"].Id);

        // Again: nothing is left to revoke (revoked keys are never selected).
        var (_, again) = await admin.PostJsonAsync($"{Keys(org)}/bulk-revoke", new { filter = new JsonObject { ["meta.team"] = "ci", ["org_role"] = "org_member" } });
        again!["revoked"]!.GetValue<int>().Should().Be(0);
    }

    [Fact]
    public async Task TheLastOwnerKey_IsNotRevoked_TheWholeCallIsRefused()
    {
        var (org, ownerKey) = await factory.CreateOrganizationAsync();
        var owner = factory.WithToken(ownerKey);
        var (response, body) = await owner.PostJsonAsync($"{Keys(org)}/bulk-revoke", new { filter = new JsonObject { ["org_role"] = "org_owner" } });
        response.StatusCode.Should().Be(HttpStatusCode.Conflict, body?.ToJsonString());
        body!["code"]!.GetValue<string>().Should().Be("last_owner");
        (await owner.GetJsonAsync("/v1/me")).Response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("{}", "filter")]
    [InlineData("""{"filter": {}}""", "filter")]
    [InlineData("""{"filter": {"sort": "name"}}""", "filter")]
    [InlineData("""{"filter": {"colour": "red"}}""", "filter.colour")]
    [InlineData("""{"filter": {"app_id": 7}}""", "filter.app_id")]
    [InlineData("""{"filter": {"state": "gone"}}""", "filter.state")]
    [InlineData("""{"filter": {"meta.team": "ci"}, "dry_run": "yes"}""", null)]
    public async Task BadFilters_Are400_AndChangeNothing(string body, string? field)
    {
        var (org, _, admin, keys) = await SeedAsync();
        var (response, answer) = await admin.SendJsonAsync(HttpMethod.Post, $"{Keys(org)}/bulk-revoke", body);
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, answer?.ToJsonString());
        if (field is not null)
        {
            answer!["details"]![field].Should().NotBeNull(answer.ToJsonString());
        }

        (await factory.WithToken(keys["ci member"].Token).GetJsonAsync("/v1/me")).Response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AKeyReRoledOutOfReach_WhileTheRevokeRuns_IsNeverRevokedByIt()
    {
        string org = "";
        HttpClient owner = null!;
        var raced = new List<string>();
        await Race.RunAsync(
            8,
            async _ =>
            {
                var (o, ow, admin, keys) = await SeedAsync();
                (org, owner) = (o, ow);
                raced.Clear();
                raced.AddRange([keys["ci member"].Id, keys["ci member 2"].Id]);
                return
                [
                    new RaceOperation("bulk revoke", () => admin.PostJsonAsync($"{Keys(org)}/bulk-revoke", new { filter = new JsonObject { ["meta.team"] = "ci" } })),
                    .. raced.Select(id => new RaceOperation("promote", () => owner.PutJsonAsync($"{Keys(org)}/{id}/roles", new { org_role = "org_owner", app_roles = Array.Empty<object>() }))),
                ];
            },
            async outcome =>
            {
                var bulk = outcome.Of("bulk revoke").Single();
                var listed = bulk.Succeeded ? bulk.Body!["key_ids"]!.AsArray().Select(i => i!.GetValue<string>()).ToHashSet() : [];
                foreach (var id in raced)
                {
                    var (_, key) = await owner.GetJsonAsync($"{Keys(org)}/{id}");
                    var revoked = key!["api_key"]!["revoked_at"] is not null;
                    var role = key["api_key"]!["org_role"]!.GetValue<string>();
                    revoked.Should().Be(listed.Contains(id), $"{outcome.Summary}: a key is revoked only by an answer that lists it");
                    if (revoked)
                    {
                        role.Should().Be("org_member", $"{outcome.Summary}: a key revoked by an org admin was never an owner key");
                    }
                }

                outcome.ShouldOnlyBeRefusedWith("bulk revoke", (HttpStatusCode.Conflict, "concurrent_update"));
                outcome.ShouldOnlyBeRefusedWith("promote", (HttpStatusCode.Conflict, null), (HttpStatusCode.NotFound, null));
            });
    }
}
