using System.Net;
using ApiKeys.Api.Tests.Harness;
using ApiKeys.Api.Tests.Proxy;

namespace ApiKeys.Api.Tests.Governance;

/// <summary>
/// Contract §9 enforced over HTTP, on the key's own requests and through verify. The service trusts the proxy
/// 203.0.113.10 (and 198.51.100.0/24); the test filter sets each request's connection address.
/// </summary>
public sealed class GovernanceEnforcementTests(ProxyTrustingFactory factory, FakeClockFactory clocked) : IClassFixture<ProxyTrustingFactory>, IClassFixture<FakeClockFactory>
{
    private HttpClient From(string token, string connection, string? forwardedFor = null)
    {
        var client = factory.WithToken(token);
        client.DefaultRequestHeaders.Add(TestClientAddress.Header, connection);
        if (forwardedFor is not null)
        {
            client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        }

        return client;
    }

    [Fact]
    public async Task DisabledKey_Is401AtOnce_DISABLEDInVerify_AndWorksAgainWhenEnabled()
    {
        var world = await GovernanceWorld.CreateAsync(factory);
        var (id, token) = await world.CreateKeyAsync(new { name = "switchable", org_role = "member" });
        var own = factory.WithToken(token);
        (await own.GetJsonAsync("/v1/me")).Response.StatusCode.Should().Be(HttpStatusCode.OK, "warm in the cache first");
        (await world.VerifyAsync(new { key = token }))["code"]!.GetValue<string>().Should().Be("VALID");

        (await world.Owner.PatchJsonAsync($"{world.Keys}/{id}", new { enabled = false })).Response.StatusCode.Should().Be(HttpStatusCode.OK);

        foreach (var path in new[] { "/v1/me", $"/v1/organizations/{world.Org}", $"{world.Keys}/{id}" })
        {
            var (response, body) = await own.GetJsonAsync(path);
            response.StatusCode.Should().Be(HttpStatusCode.Unauthorized, path);
            response.Headers.WwwAuthenticate.ToString().Should().Be("Bearer");
            body!["code"]!.GetValue<string>().Should().Be("unauthorized");
        }

        var verified = await world.VerifyAsync(new { key = token });
        verified["valid"]!.GetValue<bool>().Should().BeFalse();
        verified["code"]!.GetValue<string>().Should().Be("DISABLED");
        verified["key_id"]!.GetValue<string>().Should().Be(id);

        (await world.Owner.PatchJsonAsync($"{world.Keys}/{id}", new { enabled = true })).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await own.GetJsonAsync("/v1/me")).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await world.VerifyAsync(new { key = token }))["code"]!.GetValue<string>().Should().Be("VALID");
    }

    [Theory]
    [InlineData("192.0.2.10", null, HttpStatusCode.OK)]                  // the connection itself is inside
    [InlineData("192.0.2.200", null, HttpStatusCode.Forbidden)]          // outside
    [InlineData("203.0.113.10", "192.0.2.11", HttpStatusCode.OK)]        // a known proxy vouches for an inside client
    [InlineData("203.0.113.10", "192.0.2.201", HttpStatusCode.Forbidden)] // a known proxy, an outside client
    [InlineData("198.51.100.9", "192.0.2.12", HttpStatusCode.OK)]        // a proxy of a known network
    [InlineData("203.0.113.99", "192.0.2.13", HttpStatusCode.Forbidden)]  // an unknown proxy's header is not believed
    [InlineData("2001:db8::5", null, HttpStatusCode.OK)]                 // IPv6 inside
    [InlineData("2001:db9::5", null, HttpStatusCode.Forbidden)]          // IPv6 outside
    public async Task AllowedCidrs_RefuseOtherAddresses_AndBelieveOnlyKnownProxies(string connection, string? forwardedFor, HttpStatusCode expected)
    {
        var world = await GovernanceWorld.CreateAsync(factory);
        var (_, token) = await world.CreateKeyAsync(new { name = "office only", org_role = "member", allowed_cidrs = new[] { "192.0.2.0/25", "2001:db8::/32" } });

        var (response, body) = await From(token, connection, forwardedFor).GetJsonAsync($"/v1/organizations/{world.Org}");
        response.StatusCode.Should().Be(expected, body?.ToJsonString());
        if (expected == HttpStatusCode.Forbidden)
        {
            body!["code"]!.GetValue<string>().Should().Be("ip_not_allowed");
        }

        var me = await From(token, connection, forwardedFor).GetJsonAsync("/v1/me");
        me.Response.StatusCode.Should().Be(expected, "the direct lookup of /v1/me applies it too");
    }

    [Fact]
    public async Task Verify_IP_NOT_ALLOWED_ForAClientIpOutside_OrNoClientIp()
    {
        var world = await GovernanceWorld.CreateAsync(factory);
        var (_, token) = await world.CreateKeyAsync(new { name = "office only", org_role = "member", allowed_cidrs = new[] { "192.0.2.0/24" } });
        (await world.VerifyAsync(new { key = token, client_ip = "192.0.2.77" }))["code"]!.GetValue<string>().Should().Be("VALID");
        (await world.VerifyAsync(new { key = token, client_ip = "::ffff:192.0.2.77" }))["code"]!.GetValue<string>().Should().Be("VALID");
        var outside = await world.VerifyAsync(new { key = token, client_ip = "198.51.100.1" });
        outside["code"]!.GetValue<string>().Should().Be("IP_NOT_ALLOWED");
        outside["valid"]!.GetValue<bool>().Should().BeFalse();
        (await world.VerifyAsync(new { key = token }))["code"]!.GetValue<string>().Should().Be("IP_NOT_ALLOWED", "a key limited to networks fails closed when the client is not named");

        var (bad, body) = await world.Verifier.PostJsonAsync(GovernanceWorld.Verify, new { key = token, client_ip = "not-an-ip" });
        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        body!["details"]!["client_ip"].Should().NotBeNull();
    }

    [Fact]
    public async Task RateLimit_OnOwnRequests_IsExact_And429CarriesTheHeaders()
    {
        var world = await GovernanceWorld.CreateAsync(factory);
        var (_, token) = await world.CreateKeyAsync(new { name = "limited", org_role = "member", rate_limits = new[] { new { name = "per-minute", limit = 5, window_seconds = 60 }, new { name = "per-hour", limit = 100, window_seconds = 3600 } } });
        var own = From(token, "192.0.2.50");

        var statuses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => own.GetJsonAsync($"/v1/organizations/{world.Org}")));
        statuses.Count(s => s.Response.StatusCode == HttpStatusCode.OK).Should().Be(5);
        statuses.Count(s => s.Response.StatusCode == HttpStatusCode.TooManyRequests).Should().Be(7);

        var refused = statuses.First(s => s.Response.StatusCode == HttpStatusCode.TooManyRequests);
        refused.Body!["code"]!.GetValue<string>().Should().Be("rate_limited");
        var retryAfter = int.Parse(refused.Response.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        retryAfter.Should().BeInRange(1, 60);
        refused.Response.Headers.GetValues("RateLimit-Policy").Single().Should().Be("\"per-minute\";q=5;w=60, \"per-hour\";q=100;w=3600");
        refused.Response.Headers.GetValues("RateLimit").Single().Should().MatchRegex("^\"per-minute\";r=0;t=([1-9]|[1-5][0-9]|60)$");

        var allowed = statuses.First(s => s.Response.StatusCode == HttpStatusCode.OK);
        allowed.Response.Headers.GetValues("RateLimit-Policy").Should().ContainSingle();
    }

    [Fact]
    public async Task Verify_RATE_LIMITED_TakesCostFromEveryLimit_AndReportsTheTightest()
    {
        // On a clock the test moves: once the per-minute window resets, the per-hour limit is the tightest, and what
        // it has left shows the earlier costs were taken from it too.
        var world = await GovernanceWorld.CreateAsync(clocked);
        var (_, token) = await world.CreateKeyAsync(new { name = "metered", org_role = "member", rate_limits = new[] { new { name = "tokens", limit = 10, window_seconds = 60 }, new { name = "calls", limit = 15, window_seconds = 3600 } } });

        var first = await world.VerifyAsync(new { key = token, cost = 4 });
        first["code"]!.GetValue<string>().Should().Be("VALID");
        first["rate_limit"]!["name"]!.GetValue<string>().Should().Be("tokens");
        first["rate_limit"]!["limit"]!.GetValue<long>().Should().Be(10);
        first["rate_limit"]!["remaining"]!.GetValue<long>().Should().Be(6);
        first["rate_limit"]!["reset_at"]!.GetValue<DateTimeOffset>().Should().BeAfter(clocked.Clock.GetUtcNow());

        (await world.VerifyAsync(new { key = token, cost = 6 }))["rate_limit"]!["remaining"]!.GetValue<long>().Should().Be(0);
        var refused = await world.VerifyAsync(new { key = token, cost = 1 });
        refused["code"]!.GetValue<string>().Should().Be("RATE_LIMITED");
        refused["valid"]!.GetValue<bool>().Should().BeFalse();
        refused["rate_limit"]!["name"]!.GetValue<string>().Should().Be("tokens");

        var check = await world.VerifyAsync(new { key = token, cost = 0 });
        check["code"]!.GetValue<string>().Should().Be("VALID", "cost 0 reads without taking");

        clocked.Clock.Advance(TimeSpan.FromSeconds(61));
        var second = await world.VerifyAsync(new { key = token, cost = 0 });
        second["rate_limit"]!["name"]!.GetValue<string>().Should().Be("calls", "tokens has reset; calls has not");
        second["rate_limit"]!["limit"]!.GetValue<long>().Should().Be(15);
        second["rate_limit"]!["remaining"]!.GetValue<long>().Should().Be(5, "4 + 6 were taken from calls too; the refused 1 was not");
        (await world.VerifyAsync(new { key = token, cost = 5 }))["rate_limit"]!["remaining"]!.GetValue<long>().Should().Be(0);
        var byCalls = await world.VerifyAsync(new { key = token, cost = 1 });
        byCalls["code"]!.GetValue<string>().Should().Be("RATE_LIMITED");
        byCalls["rate_limit"]!["name"]!.GetValue<string>().Should().Be("calls");
    }

    [Fact]
    public async Task Verify_WithoutGovernance_AnswersNullGovernanceFields_AndMetaWhenSet()
    {
        var world = await GovernanceWorld.CreateAsync(factory);
        var (_, bare) = await world.CreateKeyAsync(new { name = "bare", org_role = "member" });
        var answer = await world.VerifyAsync(new { key = bare });
        answer["meta"].Should().BeNull();
        answer["credits_remaining"].Should().BeNull();
        answer["rate_limit"].Should().BeNull();

        var (_, withMeta) = await world.CreateKeyAsync(new { name = "meta", org_role = "member", meta = new { plan = "pro", limits = new { seats = 5 } } });
        (await world.VerifyAsync(new { key = withMeta }))["meta"]!.ToJsonString().Should().Be("""{"plan":"pro","limits":{"seats":5}}""");
    }

    [Fact]
    public async Task Verify_ChecksCheapRefusalsFirst_SoRefusalsBurnNoCredits()
    {
        var world = await GovernanceWorld.CreateAsync(factory);
        var (id, token) = await world.CreateKeyAsync(new { name = "paid", app_roles = new[] { new { app_id = GovernanceWorld.App, role = "reader" } }, credits = new { remaining = 2 } });

        (await world.VerifyAsync(new { key = token, app_id = GovernanceWorld.App, permissions = new[] { "app.upload_bundle" } }))["code"]!.GetValue<string>().Should().Be("FORBIDDEN");
        (await world.VerifyAsync(new { key = token, app_id = "com.unknown.app" }))["code"]!.GetValue<string>().Should().Be("FORBIDDEN");
        (await world.KeyAsync(id))["credits"]!["remaining"]!.GetValue<long>().Should().Be(2, "a refused verification takes no credit");

        var valid = await world.VerifyAsync(new { key = token, app_id = GovernanceWorld.App });
        valid["code"]!.GetValue<string>().Should().Be("VALID");
        valid["credits_remaining"]!.GetValue<long>().Should().Be(1);
        (await world.VerifyAsync(new { key = token, cost = 0 }))["credits_remaining"]!.GetValue<long>().Should().Be(1, "cost 0 checks without taking");
        (await world.VerifyAsync(new { key = token }))["credits_remaining"]!.GetValue<long>().Should().Be(0);

        var exceeded = await world.VerifyAsync(new { key = token });
        exceeded["code"]!.GetValue<string>().Should().Be("USAGE_EXCEEDED");
        exceeded["valid"]!.GetValue<bool>().Should().BeFalse();
        exceeded["credits_remaining"]!.GetValue<long>().Should().Be(0);
        (await world.VerifyAsync(new { key = token, cost = 0 }))["code"]!.GetValue<string>().Should().Be("USAGE_EXCEEDED", "at 0 even a check answers USAGE_EXCEEDED");

        // More credits by PATCH: usable at once.
        await world.Owner.PatchJsonAsync($"{world.Keys}/{id}", new { credits = new { remaining = 3, refill = new { amount = 3, interval = "daily" } } });
        var refilled = await world.VerifyAsync(new { key = token, cost = 3 });
        refilled["code"]!.GetValue<string>().Should().Be("VALID");
        refilled["credits_remaining"]!.GetValue<long>().Should().Be(0);
        (await world.KeyAsync(id))["credits"]!.ToJsonString().Should().Be("""{"remaining":0,"refill":{"amount":3,"interval":"daily"}}""");
    }
}
