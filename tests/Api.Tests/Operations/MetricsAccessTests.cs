using System.Net;
using System.Net.Http.Headers;
using ApiKeys.Api.Tests.Harness;

namespace ApiKeys.Api.Tests.Operations;

/// <summary>With <c>Metrics__ScrapeToken</c> set, <c>/metrics</c> answers only that bearer token.</summary>
public sealed class MetricsAccessTests(MetricsFactory factory) : IClassFixture<MetricsFactory>
{
    [Theory]
    [InlineData(null)]
    [InlineData("Bearer wrong-token-of-the-same-length-0000")]
    [InlineData("Bearer " + MetricsFactory.ScrapeToken + "x")]
    [InlineData(MetricsFactory.ScrapeToken)]
    public async Task WithoutTheScrapeToken_Metrics_Is401(string? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        var response = await factory.Anonymous().SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().Should().Be("Bearer");
        (await response.Content.ReadAsStringAsync()).Should().Contain("\"code\":\"unauthorized\"").And.NotContain("# TYPE");
    }

    [Fact]
    public async Task WithTheScrapeToken_MetricsAreServed()
    {
        var client = factory.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", MetricsFactory.ScrapeToken);

        var response = await client.GetAsync("/metrics");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Contain("# TYPE");
    }

    [Fact]
    public async Task OtherRoutes_AreUnaffected()
    {
        (await factory.Anonymous().GetAsync("/health/live")).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}

/// <summary>Without a scrape token, <c>/metrics</c> stays open (the default, for a private network).</summary>
public sealed class OpenMetricsTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task WithoutAScrapeTokenSetting_MetricsAreOpen()
    {
        (await factory.Anonymous().GetAsync("/metrics")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Metrics_CarryTheRuntimeAndEfCoreMeters_UnderTheServiceName()
    {
        // A request that reads the database, so EF Core's meter has something to count.
        (await factory.Anonymous().GetAsync("/health/ready")).StatusCode.Should().Be(HttpStatusCode.OK);

        // The exporter answers a scrape from a copy up to 300 ms old: one taken before the request above (the other
        // test's) lacks its meters, so scrape until a fresh copy comes or the deadline passes.
        string[] meters = ["dotnet_gc_collections_total", "dotnet_gc_heap_total_allocated_bytes_total",
            "microsoft_entityframeworkcore_", "http_server_request_duration_seconds"];
        var text = "";
        var deadline = DateTime.UtcNow.AddSeconds(10);
        do
        {
            text = await (await factory.Anonymous().GetAsync("/metrics")).Content.ReadAsStringAsync();
            if (meters.All(text.Contains))
            {
                break;
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);

        text.Should().Contain("dotnet_gc_collections_total", "the runtime's meter (System.Runtime)")
            .And.Contain("dotnet_gc_heap_total_allocated_bytes_total")
            .And.Contain("microsoft_entityframeworkcore_", "EF Core's meter")
            .And.Contain("http_server_request_duration_seconds", "ASP.NET Core's hosting meter");
        text.Should().MatchRegex("target_info\\{[^}]*service_name=\"apikeys\"", "the resource names the service, not unknown_service");
    }
}
