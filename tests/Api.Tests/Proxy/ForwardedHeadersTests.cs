using System.Net;
using ApiKeys.Api.Tests.Harness;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace ApiKeys.Api.Tests.Proxy;

/// <summary>The service trusting one proxy (203.0.113.10) and one proxy network (198.51.100.0/24).</summary>
public sealed class ProxyTrustingFactory : ApiFactory
{
    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = base.Settings;
            settings["ForwardedHeaders:KnownProxies"] = "203.0.113.10";
            settings["ForwardedHeaders:KnownNetworks"] = "198.51.100.0/24";
            return settings;
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddTransient<Microsoft.AspNetCore.Hosting.IStartupFilter, TestClientAddress>());
    }
}

/// <summary>
/// In process, without nginx: the connection's address (set by the test filter) decides whether
/// <c>X-Forwarded-For</c> is believed. The same rules are exercised behind a real nginx in <see cref="ReverseProxyTests"/>.
/// </summary>
public sealed class ForwardedHeadersTests(ProxyTrustingFactory factory) : IClassFixture<ProxyTrustingFactory>
{
    [Theory]
    [InlineData("203.0.113.10", "192.0.2.44", "192.0.2.44")]           // a known proxy: its header names the client
    [InlineData("198.51.100.77", "192.0.2.45", "192.0.2.45")]          // a proxy in a known network
    [InlineData("203.0.113.10", "10.9.9.9, 192.0.2.46", "192.0.2.46")] // only the hop the proxy vouches for
    [InlineData("203.0.113.11", "192.0.2.47", "203.0.113.11")]         // not a known proxy: the header is ignored
    [InlineData("127.0.0.1", "192.0.2.48", "127.0.0.1")]               // loopback is not trusted by default either
    public async Task AuditIpAddress_BelievesXForwardedFor_OnlyFromKnownProxies(string connection, string forwardedFor, string expected)
    {
        var (org, ownerKey) = await factory.CreateOrganizationAsync();
        var client = factory.WithToken(ownerKey);
        client.DefaultRequestHeaders.Add(TestClientAddress.Header, connection);
        client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);

        var (created, body) = await client.PostJsonAsync($"/v1/organizations/{org}/api-keys", new { name = "proxied" });
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        var keyId = body!["api_key"]!["id"]!.GetValue<string>();
        var (_, events) = await client.GetJsonAsync($"/v1/organizations/{org}/audit-events?key_id={keyId}&action=api_key.created");

        events!["audit_events"]!.AsArray().Should().ContainSingle().Subject!["ip_address"]!.GetValue<string>().Should().Be(expected);
    }
}
