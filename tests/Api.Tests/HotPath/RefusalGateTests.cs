using System.Net;
using ApiKeys.Api.Tests.Harness;
using ApiKeys.Domain.ApiKeys;
using Microsoft.Extensions.DependencyInjection;

namespace ApiKeys.Api.Tests.HotPath;

/// <summary>
/// Issue 15: an address that has spent its failure budget is refused before routing and authentication, with a
/// Retry-After that says when the same request can succeed; keys this node knows are never held back.
/// </summary>
public sealed class RefusalGateTests(HotPathFactory factory) : IClassFixture<HotPathFactory>
{
    private const string Attacker = "198.51.100.23";

    [Fact]
    public async Task SpentAddress_IsRefusedBeforeRouting_WithTheRestOfItsWindow()
    {
        var ct = TestContext.Current.CancellationToken;
        var (org, ownerKey) = await factory.CreateOrganizationAsync();
        var owner = factory.WithToken(ownerKey);
        var (_, created) = await owner.PostJsonAsync($"/v1/organizations/{org}/api-keys", new { name = "victim", org_role = "member" });
        var victimToken = created!["plaintext_api_key"]!.GetValue<string>();
        var victim = factory.WithToken(victimToken);
        victim.DefaultRequestHeaders.Add(TestClientAddress.Header, Attacker);
        (await victim.GetAsync("/v1/me", ct)).StatusCode.Should().Be(HttpStatusCode.OK);

        HttpClient Forged(int i)
        {
            var client = factory.WithToken(ApiKeyToken.FromRandom(victimToken.Substring(10, 6) + "g" + i.ToString("D3") + new string('z', 22)).Reveal());
            client.DefaultRequestHeaders.Add(TestClientAddress.Header, Attacker);
            return client;
        }

        // Spend the budget (20 failures a minute by default).
        var i = 0;
        HttpResponseMessage response;
        do
        {
            response = await Forged(i++).GetAsync("/v1/me", ct);
        }
        while (response.StatusCode == HttpStatusCode.Unauthorized && i < 100);

        response.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        var hashes = factory.Hasher.Verifications;

        // Before routing: a route that does not exist answers 429 too, not 404; nothing is hashed.
        var unrouted = await Forged(i++).GetAsync("/v1/no-such-route", ct);
        unrouted.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        (await unrouted.Content.ReadAsStringAsync(ct)).Should().Be("{\"error\":\"Too many requests; retry later.\",\"code\":\"rate_limited\"}");
        unrouted.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(60));
        unrouted.Headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");
        factory.Hasher.Verifications.Should().Be(hashes);

        // A key this node knows is never held back, even from the spent address.
        (await victim.GetAsync("/v1/me", ct)).StatusCode.Should().Be(HttpStatusCode.OK);

        // Retry-After is the rest of the window: 45 s later it says 15, and after it the same request is heard again.
        factory.Clock.Advance(TimeSpan.FromSeconds(45));
        (await Forged(i++).GetAsync("/v1/me", ct)).Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(15));
        factory.Clock.Advance(TimeSpan.FromSeconds(15));
        (await Forged(i++).GetAsync("/v1/me", ct)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        factory.Hasher.Verifications.Should().Be(hashes + 1);
    }

    [Fact]
    public async Task Refusals_AreHeld_SoAFloodIsPaced()
    {
        await using var paced = new PacedFactory();
        await paced.InitializeAsync();
        var ct = TestContext.Current.CancellationToken;
        HttpResponseMessage response;
        var i = 0;
        do
        {
            var forged = paced.WithToken(ApiKeyToken.FromRandom("pacedx" + i++.ToString("D4") + new string('q', 22)).Reveal());
            forged.DefaultRequestHeaders.Add(TestClientAddress.Header, Attacker);
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            response = await forged.GetAsync("/v1/me", ct);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                System.Diagnostics.Stopwatch.GetElapsedTime(started).Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(280), "the refusal was held 300 ms");
            }
        }
        while (response.StatusCode != HttpStatusCode.TooManyRequests && i < 100);

        response.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
    }

    private sealed class PacedFactory : ApiFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
        {
            ["Auth:HotPath:RefusalDelayMilliseconds"] = "300",
        };

        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddTransient<Microsoft.AspNetCore.Hosting.IStartupFilter, TestClientAddress>());
        }
    }
}
