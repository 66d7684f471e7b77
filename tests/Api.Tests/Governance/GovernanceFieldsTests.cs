using System.Net;
using System.Text.Json.Nodes;
using ApiKeys.Api.Tests.Harness;

namespace ApiKeys.Api.Tests.Governance;

/// <summary>Contract §4/§9 over HTTP: the five governance fields on create, get, list and PATCH, and the covering rule.</summary>
public sealed class GovernanceFieldsTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task NewKey_HasTheDefaults()
    {
        var world = await GovernanceWorld.CreateAsync(factory);
        var (id, _) = await world.CreateKeyAsync(new { name = "plain" });
        var key = await world.KeyAsync(id);
        key["enabled"]!.GetValue<bool>().Should().BeTrue();
        key["rate_limits"]!.AsArray().Should().BeEmpty();
        key["credits"].Should().BeNull();
        key["allowed_cidrs"]!.AsArray().Should().BeEmpty();
        key["meta"].Should().BeNull();
        key.AsObject().Select(p => p.Key).Should().Contain(["enabled", "rate_limits", "credits", "allowed_cidrs", "meta"]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Create_StoresAndShowsEveryField_ForRbacAndLegacyKeys(bool legacy)
    {
        var world = await GovernanceWorld.CreateAsync(factory);
        object body = legacy
            ? new { name = "governed", mode = "read", enabled = false, rate_limits = new[] { new { name = "per-minute", limit = 100, window_seconds = 60 } }, credits = new { remaining = 50, refill = new { amount = 75, interval = "monthly" } }, allowed_cidrs = new[] { "203.0.113.0/24", "2001:DB8::/32" }, meta = new { plan = "pro", seats = 3 } }
            : new { name = "governed", org_role = "member", enabled = false, rate_limits = new[] { new { name = "per-minute", limit = 100, window_seconds = 60 } }, credits = new { remaining = 50, refill = new { amount = 75, interval = "monthly" } }, allowed_cidrs = new[] { "203.0.113.0/24", "2001:DB8::/32" }, meta = new { plan = "pro", seats = 3 } };
        var (response, created) = await world.Owner.PostJsonAsync(world.Keys, body);
        response.StatusCode.Should().Be(HttpStatusCode.Created, created?.ToJsonString());
        var id = created!["api_key"]!["id"]!.GetValue<string>();

        foreach (var key in new[] { created["api_key"]!, await world.KeyAsync(id), await ListedAsync(world, id) })
        {
            key["enabled"]!.GetValue<bool>().Should().BeFalse();
            key["rate_limits"]!.ToJsonString().Should().Be("""[{"name":"per-minute","limit":100,"window_seconds":60}]""");
            key["credits"]!.ToJsonString().Should().Be("""{"remaining":50,"refill":{"amount":75,"interval":"monthly"}}""");
            key["allowed_cidrs"]!.ToJsonString().Should().Be("""["203.0.113.0/24","2001:db8::/32"]""", "CIDRs are shown normalized");
            key["meta"]!.ToJsonString().Should().Be("""{"plan":"pro","seats":3}""");
        }
    }

    private static async Task<JsonNode> ListedAsync(GovernanceWorld world, string id)
    {
        var (_, list) = await world.Owner.GetJsonAsync($"{world.Keys}?limit=200");
        return list!["api_keys"]!.AsArray().Single(k => k!["id"]!.GetValue<string>() == id)!;
    }

    [Fact]
    public async Task Patch_ChangesEachField_LeavesAbsentOnesAlone_AndAuditsIt()
    {
        var world = await GovernanceWorld.CreateAsync(factory);
        var (id, _) = await world.CreateKeyAsync(new { name = "to govern", org_role = "member", meta = new { tier = "free" } });
        var path = $"{world.Keys}/{id}";

        var (patched, body) = await world.Owner.PatchJsonAsync(path, new { rate_limits = new[] { new { name = "burst", limit = 5, window_seconds = 1 } }, credits = new { remaining = 10, refill = (object?)null }, allowed_cidrs = new[] { "10.0.0.0/8" } });
        patched.StatusCode.Should().Be(HttpStatusCode.OK, body?.ToJsonString());
        var key = body!["api_key"]!;
        key["rate_limits"]!.AsArray().Should().ContainSingle();
        key["credits"]!.ToJsonString().Should().Be("""{"remaining":10,"refill":null}""");
        key["allowed_cidrs"]!.ToJsonString().Should().Be("""["10.0.0.0/8"]""");
        key["meta"]!.ToJsonString().Should().Be("""{"tier":"free"}""", "meta was not sent");
        key["enabled"]!.GetValue<bool>().Should().BeTrue();

        (_, body) = await world.Owner.PatchJsonAsync(path, new { enabled = false, meta = (object?)null });
        body!["api_key"]!["enabled"]!.GetValue<bool>().Should().BeFalse();
        body["api_key"]!["meta"].Should().BeNull();
        body["api_key"]!["credits"]!["remaining"]!.GetValue<long>().Should().Be(10, "credits were not sent");

        (_, body) = await world.Owner.PatchJsonAsync(path, """{"credits": null, "rate_limits": [], "allowed_cidrs": [], "enabled": true}""");
        key = body!["api_key"]!;
        key["credits"].Should().BeNull("credits: null is unlimited");
        key["rate_limits"]!.AsArray().Should().BeEmpty();
        key["allowed_cidrs"]!.AsArray().Should().BeEmpty();
        key["enabled"]!.GetValue<bool>().Should().BeTrue();

        var actions = await world.AuditActionsAsync(id);
        actions.Should().Contain(["api_key.usage_changed", "api_key.disabled", "api_key.enabled"]);
        actions.Count(a => a == "api_key.updated").Should().Be(3);

        // Sending what is already there changes nothing and records nothing.
        var (same, sameBody) = await world.Owner.PatchJsonAsync(path, new { enabled = true, rate_limits = Array.Empty<object>() });
        same.StatusCode.Should().Be(HttpStatusCode.OK, sameBody?.ToJsonString());
        sameBody!["api_key"]!["enabled"]!.GetValue<bool>().Should().BeTrue();
        sameBody["api_key"]!["rate_limits"]!.AsArray().Should().BeEmpty();
        (await world.AuditActionsAsync(id)).Should().HaveCount(actions.Count);
    }

    [Fact]
    public async Task Patch_ByACallerThatDoesNotCoverTheKey_Is403_ChangesNothing_AndRecordsOneDeniedEvent()
    {
        var world = await GovernanceWorld.CreateAsync(factory);
        var (ownerKeyId, _) = await world.CreateKeyAsync(new { name = "second owner", org_role = "owner" });
        var (_, adminToken) = await world.CreateKeyAsync(new { name = "admin", org_role = "admin" });
        var admin = world.WithToken(adminToken);
        var before = (await world.KeyAsync(ownerKeyId)).ToJsonString();

        foreach (var change in new object[]
        {
            new { enabled = false },
            new { rate_limits = new[] { new { name = "choke", limit = 1, window_seconds = 86400 } } },
            new { credits = new { remaining = 0 } },
            new { allowed_cidrs = new[] { "192.0.2.1/32" } },
        })
        {
            var (response, body) = await admin.PatchJsonAsync($"{world.Keys}/{ownerKeyId}", change);
            response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
            body!["code"]!.GetValue<string>().Should().Be("role_escalation");
        }

        (await world.KeyAsync(ownerKeyId)).ToJsonString().Should().Be(before, "nothing changed");
        (await world.AuditActionsAsync(ownerKeyId)).Count(a => a == "api_key.updated.denied").Should().Be(4, "one denied event per refused request");

        // Meta alone needs only apikey.manage (contract §2 lists what needs covering).
        var (metaResponse, _) = await admin.PatchJsonAsync($"{world.Keys}/{ownerKeyId}", new { meta = new { team = "ops" } });
        metaResponse.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task DisablingTheLastOwner_Is409()
    {
        var (org, ownerKey) = await factory.CreateOrganizationAsync();
        var owner = factory.WithToken(ownerKey);
        var (_, me) = await owner.GetJsonAsync("/v1/me");
        var (response, body) = await owner.PatchJsonAsync($"/v1/organizations/{org}/api-keys/{me!["id"]}", new { enabled = false });
        response.StatusCode.Should().Be(HttpStatusCode.Conflict, body?.ToJsonString());
        body!["code"]!.GetValue<string>().Should().Be("last_owner");
        (await owner.GetJsonAsync("/v1/me")).Response.StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
