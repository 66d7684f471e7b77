using System.Net;
using ApiKeys.Api.Tests.Harness;
using ApiKeys.Api.Tests.Hardening;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace ApiKeys.Api.Tests.Webhooks;

/// <summary>Webhooks delivered quickly to 127.0.0.1, 198.51.100.7 allowed too (a listed host), every log line captured at Trace.</summary>
public sealed class WebhookRulesFactory : ApiFactory
{
    public const string ListedHost = "198.51.100.7";

    public CapturingLoggerProvider Logs { get; } = new();

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(WebhookFactory.QuickDelivery(base.Settings))
    {
        ["Webhooks:AllowInsecureHosts"] = "127.0.0.1," + ListedHost,
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        CapturingLoggerProvider.CaptureAll(builder, Logs);
    }
}

/// <summary>
/// Contract §10's webhook rules: they need <c>org.update_settings</c> and <c>apikey.read</c>; at most 20 endpoints
/// per organization (<c>409 too_many_webhooks</c>), exact under concurrent creates; no address of an IANA
/// special-purpose range unless the host is listed; logs name an endpoint's host, never its path or query.
/// </summary>
public class WebhookRulesTests(WebhookRulesFactory factory) : IClassFixture<WebhookRulesFactory>
{
    private const int Cap = 20;

    [Fact]
    public async Task SettingsWithoutApiKeyRead_CannotCreateReadOrUseWebhooks()
    {
        var (org, owner) = await OrganizationAsync();
        var (webhookId, _) = await CreateAsync(owner, org, "http://127.0.0.1:9/owner");
        var settingsOnly = await KeyAsync(owner, org, new { name = "settings", org_role = "admin", scopes = new[] { "org.update_settings" } });
        var readOnly = await KeyAsync(owner, org, new { name = "reader", org_role = "admin", scopes = new[] { "apikey.read" } });
        var both = await KeyAsync(owner, org, new { name = "both", org_role = "admin", scopes = new[] { "org.update_settings", "apikey.read" } });

        (await settingsOnly.PatchJsonAsync($"/v1/organizations/{org}", new { name = "Renamed" })).Response.StatusCode.Should().Be(HttpStatusCode.OK, "it does hold org.update_settings");
        foreach (var refused in new[] { settingsOnly, readOnly })
        {
            var (create, body) = await refused.PostJsonAsync($"/v1/organizations/{org}/webhooks", new { url = "http://127.0.0.1:9/x", events = new[] { "api_key.created" } });
            create.StatusCode.Should().Be(HttpStatusCode.Forbidden);
            body!["code"]!.GetValue<string>().Should().Be("forbidden");
            (await refused.GetJsonAsync($"/v1/organizations/{org}/webhooks")).Response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
            (await refused.GetJsonAsync($"/v1/organizations/{org}/webhooks/{webhookId}")).Response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
            (await refused.GetJsonAsync($"/v1/organizations/{org}/webhooks/{webhookId}/deliveries")).Response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
            (await refused.DeleteJsonAsync($"/v1/organizations/{org}/webhooks/{webhookId}")).Response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        }

        (await settingsOnly.GetJsonAsync($"/v1/organizations/{org}/webhooks")).Body!["error"]!.GetValue<string>().Should().Contain("apikey.read", "the 403 names what is missing");
        (await both.GetJsonAsync($"/v1/organizations/{org}/webhooks/{webhookId}/deliveries")).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await CreateAsync(both, org, "http://127.0.0.1:9/both")).Id.Should().StartWith("whk_");
        (await both.DeleteJsonAsync($"/v1/organizations/{org}/webhooks/{webhookId}")).Response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task TheTwentyFirstEndpoint_Is409TooManyWebhooks_AndDeletingOneMakesRoom()
    {
        var (org, owner) = await OrganizationAsync();
        var ids = new List<string>();
        for (var i = 0; i < Cap; i++)
        {
            ids.Add((await CreateAsync(owner, org, $"http://127.0.0.1:9/hook{i}")).Id);
        }

        var (response, body) = await owner.PostJsonAsync($"/v1/organizations/{org}/webhooks", new { url = "http://127.0.0.1:9/one-more", events = new[] { "api_key.created" } });
        response.StatusCode.Should().Be(HttpStatusCode.Conflict, body?.ToJsonString());
        body!["code"]!.GetValue<string>().Should().Be("too_many_webhooks");
        (await CountAsync(owner, org)).Should().Be(Cap);

        (await owner.DeleteJsonAsync($"/v1/organizations/{org}/webhooks/{ids[0]}")).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        await CreateAsync(owner, org, "http://127.0.0.1:9/after-delete");
        (await CountAsync(owner, org)).Should().Be(Cap);
    }

    [Fact]
    public async Task ConcurrentCreates_NeverPassTheCap()
    {
        const int Trials = 4;
        const int Parallel = 12;
        for (var trial = 0; trial < Trials; trial++)
        {
            // Start a few places short of the cap, so that the parallel creates race for the last ones.
            var (org, owner) = await OrganizationAsync();
            var start = Cap - 3;
            for (var i = 0; i < start; i++)
            {
                await CreateAsync(owner, org, $"http://127.0.0.1:9/t{trial}-{i}");
            }

            using var go = new SemaphoreSlim(0);
            var creates = Enumerable.Range(0, Parallel).Select(async i =>
            {
                await go.WaitAsync();
                return await owner.PostJsonAsync($"/v1/organizations/{org}/webhooks", new { url = $"http://127.0.0.1:9/race{trial}-{i}", events = new[] { "api_key.created" } });
            }).ToList();
            go.Release(Parallel);
            var answers = await Task.WhenAll(creates);

            var created = answers.Count(a => a.Response.StatusCode == HttpStatusCode.Created);
            answers.Should().OnlyContain(a => a.Response.StatusCode == HttpStatusCode.Created || a.Response.StatusCode == HttpStatusCode.Conflict);
            answers.Where(a => a.Response.StatusCode == HttpStatusCode.Conflict).Select(a => a.Body!["code"]!.GetValue<string>())
                .Should().OnlyContain(code => code == "too_many_webhooks" || code == "concurrent_update");
            created.Should().BeGreaterThan(0, "trial {0}: the race happened (some creates won)", trial);
            (await CountAsync(owner, org)).Should().Be(start + created).And.BeLessThanOrEqualTo(Cap, "trial {0}", trial);
        }
    }

    [Theory]
    [InlineData("https://192.0.2.10/x", "documentation (TEST-NET-1)")]
    [InlineData("https://198.51.100.10/x", "documentation (TEST-NET-2)")]
    [InlineData("https://203.0.113.10/x", "documentation (TEST-NET-3)")]
    [InlineData("https://198.18.0.10/x", "benchmarking")]
    [InlineData("https://100.64.0.10/x", "CGNAT")]
    [InlineData("https://192.0.0.10/x", "IETF protocol assignments")]
    [InlineData("https://192.88.99.1/x", "6to4 relay anycast")]
    [InlineData("https://224.0.0.1/x", "multicast")]
    [InlineData("https://240.0.0.1/x", "reserved")]
    [InlineData("https://[2002:7f00:1::1]/x", "6to4 embedding 127.0.0.1")]
    [InlineData("https://[2002:808:808::1]/x", "6to4 of any address")]
    [InlineData("https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/x", "Teredo")]
    [InlineData("https://[64:ff9b::7f00:1]/x", "NAT64")]
    [InlineData("https://[64:ff9b:1::a00:1]/x", "local-use NAT64")]
    [InlineData("https://[2001:10::1]/x", "ORCHID")]
    [InlineData("https://[2001:20::1]/x", "ORCHIDv2")]
    [InlineData("https://[2001:2::1]/x", "IPv6 benchmarking")]
    [InlineData("https://[2001:db8::1]/x", "IPv6 documentation")]
    [InlineData("https://[3fff::1]/x", "IPv6 documentation (3fff::/20)")]
    [InlineData("https://[fd12:3456::1]/x", "unique-local")]
    [InlineData("https://[fe80::1]/x", "link-local")]
    [InlineData("https://[::ffff:192.0.2.1]/x", "IPv4-mapped documentation")]
    [InlineData("https://[::ffff:127.0.0.1]/x", "IPv4-mapped loopback")]
    [InlineData("https://[::127.0.0.1]/x", "IPv4-compatible loopback")]
    [InlineData("https://[::808:808]/x", "IPv4-compatible, any")]
    [InlineData("https://[100::1]/x", "discard-only")]
    public async Task SpecialPurposeAddresses_AreRefused_AndNothingIsCreated(string url, string range)
    {
        var (org, owner) = await OrganizationAsync();
        var (response, body) = await owner.PostJsonAsync($"/v1/organizations/{org}/webhooks", new { url, events = new[] { "api_key.created" } });
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, range);
        body!["details"]!.AsObject().Select(p => p.Key).Should().Contain("url");
        (await CountAsync(owner, org)).Should().Be(0);
    }

    [Theory]
    [InlineData("https://8.8.8.8/hook")]
    [InlineData("https://[2606:4700:4700::1111]/hook")]
    [InlineData("http://" + WebhookRulesFactory.ListedHost + "/hook")]
    public async Task PublicAddresses_AndListedHosts_AreAccepted(string url)
    {
        var (org, owner) = await OrganizationAsync();
        await CreateAsync(owner, org, url);
    }

    [Fact]
    public async Task Logs_NameTheEndpointsHost_NeverItsPathOrQuery()
    {
        var (org, owner) = await OrganizationAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        var canary = "canary" + Guid.NewGuid().ToString("N");
        var receiverUri = new Uri(receiver.Url);
        var url = $"{receiverUri.GetLeftPart(UriPartial.Authority)}/{canary}-path/hook?token={canary}-query";
        var (webhookId, _) = await CreateAsync(owner, org, url);
        await KeyAsync(owner, org, new { name = "announced" });

        // The receiver answers that path 404: an attempt was made (and will be retried), which is what gets logged.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        int? status = null;
        while (status is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
            var deliveries = (await owner.GetJsonAsync($"/v1/organizations/{org}/webhooks/{webhookId}/deliveries")).Body!["deliveries"]!.AsArray();
            status = deliveries.Select(d => d!["status_code"]?.GetValue<int>()).FirstOrDefault(s => s is not null);
        }

        status.Should().Be(404, "the delivery was attempted");
        var lines = factory.Logs.Lines.ToList();
        lines.Should().Contain(l => l.Contains("api_key.created", StringComparison.Ordinal) && l.Contains(receiverUri.Host, StringComparison.Ordinal) && l.Contains("404", StringComparison.Ordinal),
            "the attempt is logged with its host");
        lines.Where(l => l.Contains(canary, StringComparison.Ordinal)).Should().BeEmpty("a URL's path and query never reach a log line");
    }

    private async Task<(string Org, HttpClient Owner)> OrganizationAsync()
    {
        var (org, ownerKey) = await factory.CreateOrganizationAsync("Rules");
        return (org, factory.WithToken(ownerKey));
    }

    private async Task<HttpClient> KeyAsync(HttpClient owner, string org, object body)
    {
        var (response, created) = await owner.PostJsonAsync($"/v1/organizations/{org}/api-keys", body);
        response.StatusCode.Should().Be(HttpStatusCode.Created, created?.ToJsonString());
        return factory.WithToken(created!["plaintext_api_key"]!.GetValue<string>());
    }

    private static async Task<(string Id, string Secret)> CreateAsync(HttpClient client, string org, string url)
    {
        var (response, body) = await client.PostJsonAsync($"/v1/organizations/{org}/webhooks", new { url, events = new[] { "api_key.created" } });
        response.StatusCode.Should().Be(HttpStatusCode.Created, body?.ToJsonString());
        return (body!["webhook"]!["id"]!.GetValue<string>(), body["secret"]!.GetValue<string>());
    }

    private static async Task<int> CountAsync(HttpClient owner, string org)
    {
        var (response, body) = await owner.GetJsonAsync($"/v1/organizations/{org}/webhooks?limit=200");
        response.StatusCode.Should().Be(HttpStatusCode.OK, body?.ToJsonString());
        return body!["webhooks"]!.AsArray().Count;
    }
}
