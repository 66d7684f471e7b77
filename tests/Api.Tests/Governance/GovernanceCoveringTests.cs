using System.Net;
using System.Text.Json.Nodes;
using ApiKeys.Api.Tests.Harness;

namespace ApiKeys.Api.Tests.Governance;

/// <summary>
/// Contract §2 "Governance is power too" (issue 22, item 6): no key loosens its own rate limits, credits, networks or
/// expiry (it may tighten them, disable or revoke itself), and a key with any of those limits creates, changes and
/// regenerates only keys at least as limited. A key at <c>USAGE_EXCEEDED</c> once set its own credits to null; a key
/// limited to 6 a minute minted an unlimited admin child.
/// </summary>
public class GovernanceCoveringTests(ClientAddressFactory factory) : IClassFixture<ClientAddressFactory>
{
    // Whole seconds: a stored expiry keeps the provider's precision (microseconds on PostgreSQL), a sent one 100 ns.
    private static DateTime WholeSeconds(DateTime time) => new(time.Ticks - (time.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);

    private static object Limits(int limit, int window) => new[] { new { name = "window", limit, window_seconds = window } };

    [Fact]
    public async Task AKeyAtUsageExceeded_CannotLiftItsOwnCredits_ButMayTightenItsLimits()
    {
        var world = await GovernanceWorld.CreateAsync(factory);
        var (id, token) = await world.CreateKeyAsync(new { name = "metered admin", org_role = "admin", credits = new { remaining = 1, refill = (object?)null } });
        (await world.VerifyAsync(new { key = token }))["code"]!.GetValue<string>().Should().Be("VALID");
        (await world.VerifyAsync(new { key = token }))["code"]!.GetValue<string>().Should().Be("USAGE_EXCEEDED");
        var self = world.WithToken(token);
        var path = $"{world.Keys}/{id}";

        foreach (var loosen in new object[]
        {
            new { credits = (object?)null },
            new { credits = new { remaining = 5, refill = (object?)null } },
            new { credits = new { remaining = 0, refill = new { amount = 10, interval = "daily" } } },
        })
        {
            var (response, body) = await self.PatchJsonAsync(path, loosen);
            response.StatusCode.Should().Be(HttpStatusCode.Forbidden, System.Text.Json.JsonSerializer.Serialize(loosen));
            body!["code"]!.GetValue<string>().Should().Be("role_escalation");
        }

        (await world.KeyAsync(id))["credits"]!["remaining"]!.GetValue<long>().Should().Be(0, "nothing changed");
        (await world.AuditActionsAsync(id)).Count(a => a == "api_key.updated.denied").Should().Be(3, "one denied event per refusal");

        // Tightening is allowed: a rate limit, then a tighter one, an expiry, then an earlier one; never back.
        (await self.PatchJsonAsync(path, new { rate_limits = Limits(100, 60) })).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await self.PatchJsonAsync(path, new { rate_limits = Limits(101, 60) })).Body!["code"]!.GetValue<string>().Should().Be("role_escalation");
        (await self.PatchJsonAsync(path, new { rate_limits = Limits(100, 59) })).Body!["code"]!.GetValue<string>().Should().Be("role_escalation");
        (await self.PatchJsonAsync(path, new { rate_limits = Array.Empty<object>() })).Body!["code"]!.GetValue<string>().Should().Be("role_escalation");
        (await self.PatchJsonAsync(path, new { rate_limits = Limits(50, 120) })).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        var inTwoDays = WholeSeconds(DateTime.UtcNow.AddDays(2));
        (await self.PatchJsonAsync(path, new { expires_at = inTwoDays.ToString("O") })).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await self.PatchJsonAsync(path, new { expires_at = inTwoDays.AddDays(1).ToString("O") })).Body!["code"]!.GetValue<string>().Should().Be("role_escalation");
        (await self.PatchJsonAsync(path, new { expires_at = (string?)null })).Body!["code"]!.GetValue<string>().Should().Be("role_escalation");
        (await self.PatchJsonAsync(path, new { allowed_cidrs = new[] { "127.0.0.0/8" } })).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await self.PatchJsonAsync(path, new { allowed_cidrs = new[] { "0.0.0.0/0" } })).Body!["code"]!.GetValue<string>().Should().Be("role_escalation");
        (await self.PatchJsonAsync(path, new { allowed_cidrs = Array.Empty<string>() })).Body!["code"]!.GetValue<string>().Should().Be("role_escalation");
        (await self.PatchJsonAsync(path, new { name = "renamed", meta = new { team = "ci" } })).Response.StatusCode.Should().Be(HttpStatusCode.OK, "renaming and meta are no limits");

        var key = await world.KeyAsync(id);
        key["rate_limits"]![0]!["limit"]!.GetValue<long>().Should().Be(50);
        key["allowed_cidrs"]!.AsArray().Select(c => c!.GetValue<string>()).Should().Equal("127.0.0.0/8");
        key["credits"]!["remaining"]!.GetValue<long>().Should().Be(0);

        // And it may still switch itself off.
        (await self.PatchJsonAsync(path, new { enabled = false })).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await world.KeyAsync(id))["enabled"]!.GetValue<bool>().Should().BeFalse();
    }

    [Fact]
    public async Task ARateLimitedKey_CreatesOnlyKeysAtLeastAsLimited()
    {
        var world = await GovernanceWorld.CreateAsync(factory);
        var (_, limitedToken) = await world.CreateKeyAsync(new { name = "six hundred a minute", org_role = "admin", rate_limits = Limits(600, 60) });
        var limited = world.WithToken(limitedToken);

        var refused = new Dictionary<string, object>
        {
            ["an unlimited admin child"] = new { name = "child", org_role = "admin" },
            ["a looser limit"] = new { name = "child", org_role = "admin", rate_limits = Limits(601, 60) },
            ["a shorter window"] = new { name = "child", org_role = "admin", rate_limits = Limits(600, 30) },
            ["another limit only"] = new { name = "child", org_role = "member", credits = new { remaining = 5, refill = (object?)null } },
            ["an unlimited legacy key"] = new { name = "child", mode = "all" },
        };
        foreach (var (what, body) in refused)
        {
            var (response, answer) = await limited.PostJsonAsync(world.Keys, body);
            response.StatusCode.Should().Be(HttpStatusCode.Forbidden, what);
            answer!["code"]!.GetValue<string>().Should().Be("role_escalation", what);
        }

        var (_, audit) = await world.Owner.GetJsonAsync($"/v1/organizations/{world.Org}/audit-events?action=api_key.created.denied&limit=200");
        audit!["audit_events"]!.AsArray().Should().HaveCount(refused.Count);

        foreach (var body in new object[]
        {
            new { name = "same", org_role = "admin", rate_limits = Limits(600, 60) },
            new { name = "tighter", org_role = "member", rate_limits = Limits(10, 3_600), credits = new { remaining = 5, refill = (object?)null } },
            new { name = "legacy", mode = "all", rate_limits = Limits(600, 60) },
        })
        {
            var (response, answer) = await limited.PostJsonAsync(world.Keys, body);
            response.StatusCode.Should().Be(HttpStatusCode.Created, answer?.ToJsonString());
        }
    }

    [Fact]
    public async Task AKeyWithCreditsNetworksOrAnExpiry_CreatesOnlyKeysWithinThem()
    {
        var world = await GovernanceWorld.CreateAsync(factory);
        var expiry = WholeSeconds(DateTime.UtcNow.AddDays(2));
        var (_, boundToken) = await world.CreateKeyAsync(new
        {
            name = "bounded",
            org_role = "admin",
            credits = new { remaining = 100, refill = new { amount = 50, interval = "monthly" } },
            allowed_cidrs = new[] { "127.0.0.0/8" },
            expires_at = expiry.ToString("O"),
        });
        var bounded = world.WithToken(boundToken);
        object Child(long remaining, object? refill, string[] cidrs, DateTime? expiresAt) =>
            new { name = "child", org_role = "member", credits = new { remaining, refill }, allowed_cidrs = cidrs, expires_at = expiresAt?.ToString("O") };
        var loopback = new[] { "127.0.0.1" };

        (await bounded.PostJsonAsync(world.Keys, Child(100, new { amount = 50, interval = "monthly" }, loopback, expiry))).Response.StatusCode.Should().Be(HttpStatusCode.Created);
        (await bounded.PostJsonAsync(world.Keys, Child(10, null, ["127.0.0.0/16"], expiry.AddHours(-1)))).Response.StatusCode.Should().Be(HttpStatusCode.Created);
        foreach (var (what, body) in new (string, object)[]
        {
            ("more credits than it has", Child(101, null, loopback, expiry)),
            ("a larger refill", Child(10, new { amount = 51, interval = "monthly" }, loopback, expiry)),
            ("a more frequent refill", Child(10, new { amount = 50, interval = "daily" }, loopback, expiry)),
            ("a network outside its own", Child(10, null, ["10.0.0.0/8"], expiry)),
            ("any address", Child(10, null, [], expiry)),
            ("a later expiry", Child(10, null, loopback, expiry.AddSeconds(1))),
            ("no expiry", Child(10, null, loopback, null)),
        })
        {
            (await bounded.PostJsonAsync(world.Keys, body)).Body!["code"]!.GetValue<string>().Should().Be("role_escalation", what);
        }
    }

    [Fact]
    public async Task ALimitedKey_ChangesAndRegeneratesOnlyKeysAtLeastAsLimited_AndCannotLoosenThem()
    {
        var world = await GovernanceWorld.CreateAsync(factory);
        var (_, limitedToken) = await world.CreateKeyAsync(new { name = "limited", org_role = "admin", rate_limits = Limits(600, 60) });
        var limited = world.WithToken(limitedToken);
        var (unlimitedId, _) = await world.CreateKeyAsync(new { name = "unlimited", org_role = "member" });
        var (_, child) = await limited.PostJsonAsync(world.Keys, new { name = "child", org_role = "member", rate_limits = Limits(60, 60) });
        var childId = child!["api_key"]!["id"]!.GetValue<string>();
        var unlimitedBefore = (await world.KeyAsync(unlimitedId)).ToJsonString();

        // An unlimited key is not covered: no limit, expiry, role or secret change.
        foreach (var (what, send) in new (string, Func<Task<(HttpResponseMessage, JsonNode?)>>)[]
        {
            ("limit it", () => limited.PatchJsonAsync($"{world.Keys}/{unlimitedId}", new { rate_limits = Limits(1, 60) })),
            ("give it an expiry", () => limited.PatchJsonAsync($"{world.Keys}/{unlimitedId}", new { expires_at = DateTime.UtcNow.AddDays(1).ToString("O") })),
            ("disable it", () => limited.PatchJsonAsync($"{world.Keys}/{unlimitedId}", new { enabled = false })),
            ("re-role it", () => limited.PutJsonAsync($"{world.Keys}/{unlimitedId}/roles", new { org_role = "none", app_roles = Array.Empty<object>() })),
            ("regenerate it", () => limited.PostJsonAsync($"{world.Keys}/{unlimitedId}/regenerate", new { })),
            ("revoke it", () => limited.DeleteJsonAsync($"{world.Keys}/{unlimitedId}")),
        })
        {
            var (response, body) = await send();
            response.StatusCode.Should().Be(HttpStatusCode.Forbidden, what);
            body!["code"]!.GetValue<string>().Should().Be("role_escalation", what);
        }

        (await world.KeyAsync(unlimitedId)).ToJsonString().Should().Be(unlimitedBefore, "nothing changed");
        (await limited.GetJsonAsync($"{world.Keys}/{unlimitedId}")).Body!["api_key"]!["key"].Should().BeNull("nor is a plain key it does not cover shown");

        // Its own child: changed within its limits, never loosened beyond them.
        var childPath = $"{world.Keys}/{childId}";
        (await limited.PatchJsonAsync(childPath, new { rate_limits = Limits(600, 60) })).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await limited.PatchJsonAsync(childPath, new { rate_limits = Limits(601, 60) })).Body!["code"]!.GetValue<string>().Should().Be("role_escalation");
        (await limited.PatchJsonAsync(childPath, new { rate_limits = Array.Empty<object>() })).Body!["code"]!.GetValue<string>().Should().Be("role_escalation");
        (await limited.PutJsonAsync($"{childPath}/roles", new { org_role = "admin", app_roles = Array.Empty<object>() })).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        var (regenerated, regeneratedBody) = await limited.PostJsonAsync($"{childPath}/regenerate", new { });
        regenerated.StatusCode.Should().Be(HttpStatusCode.OK, regeneratedBody?.ToJsonString());
        (await world.KeyAsync(childId))["rate_limits"]![0]!["limit"]!.GetValue<long>().Should().Be(600);

        // Nor may it hand power to a member, who is never limited.
        (await limited.PutJsonAsync($"/v1/organizations/{world.Org}/members/someone", new { org_role = "member", app_roles = Array.Empty<object>() }))
            .Body!["code"]!.GetValue<string>().Should().Be("role_escalation");
    }
}
