using System.Globalization;
using System.Net;
using ApiKeys.Api.Tests.Harness;
using ApiKeys.Api.Tests.Nodes;
using ApiKeys.Domain.ApiKeys;

namespace ApiKeys.Api.Tests.Proxy;

/// <summary>
/// The service behind a real nginx (started by .ci/run, proxying to a fixed port with
/// <c>X-Forwarded-For $proxy_add_x_forwarded_for</c>), trusting only 127.0.0.1 (nginx) as a proxy. Clients
/// connect from distinct loopback addresses, through nginx or directly.
/// </summary>
public sealed class ReverseProxyTests : IAsyncLifetime
{
    public const string NginxVariable = "APIKEYS_TEST_NGINX";
    public const string UpstreamPortVariable = "APIKEYS_TEST_NGINX_UPSTREAM_PORT";
    private const int FailureBudget = 5;

    private TestDatabase? _database;
    private ServiceNode? _service;
    private Uri _nginx = null!;
    private string _org = null!;
    private string _ownerKey = null!;

    public async ValueTask InitializeAsync()
    {
        var nginx = Environment.GetEnvironmentVariable(NginxVariable);
        var port = Environment.GetEnvironmentVariable(UpstreamPortVariable);
        if (string.IsNullOrEmpty(nginx) && string.IsNullOrEmpty(port))
        {
            return; // each test skips, saying which variables to set
        }

        // Half a configuration is a broken environment, not a missing server: fail, never skip quietly.
        if (string.IsNullOrEmpty(nginx) || !int.TryParse(port, CultureInfo.InvariantCulture, out var upstreamPort) || upstreamPort is <= 0 or > 65535)
        {
            throw new InvalidOperationException(
                $"{NginxVariable}='{nginx}' and {UpstreamPortVariable}='{port}': both must be set, the second to the TCP port nginx forwards to.");
        }

        _nginx = new Uri(nginx);
        _database = TestDatabase.Sqlite();
        await _database.CreateAsync();
        _service = await ServiceNode.StartAsync(new Dictionary<string, string>
        {
            ["ConnectionStrings__Default"] = _database.ConnectionString,
            ["Argon2__MemoryKiB"] = "1024",
            ["Argon2__Iterations"] = "1",
            ["ForwardedHeaders__KnownProxies"] = "127.0.0.1",
            ["Auth__HotPath__FailureBudget"] = FailureBudget.ToString(CultureInfo.InvariantCulture),
        }, port: upstreamPort);
        (_org, _ownerKey) = _service.Bootstrap();
    }

    public async ValueTask DisposeAsync()
    {
        if (_service is not null)
        {
            await _service.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DropAsync();
        }
    }

    [Fact]
    public async Task ThroughNginx_FailureBudgetsAreCountedPerClient_NotForTheProxy()
    {
        SkipWithoutNginx();
        var prefix = _ownerKey.Substring(10, 6);
        var attacker = new List<HttpStatusCode>();
        for (var i = 0; i < FailureBudget + 5; i++)
        {
            var forged = ApiKeyToken.FromRandom(prefix + "n" + i.ToString("D3", CultureInfo.InvariantCulture) + new string('z', 22)).Reveal();
            using var client = ClientFrom.Create("127.0.0.2", _nginx, forged);
            attacker.Add((await client.GetAsync("/v1/me")).StatusCode);
        }

        attacker.Should().Contain(HttpStatusCode.TooManyRequests, "127.0.0.2 spent its budget of {0} failures", FailureBudget);

        var forgedByOther = ApiKeyToken.FromRandom(prefix + "o000" + new string('z', 22)).Reveal();
        using var other = ClientFrom.Create("127.0.0.3", _nginx, forgedByOther);
        (await other.GetAsync("/v1/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "127.0.0.3 behind the same proxy has its own budget");
        using var owner = ClientFrom.Create("127.0.0.3", _nginx, _ownerKey);
        (await owner.GetAsync("/v1/me")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AuditIpAddress_IsTheClientBehindNginx_AndASpoofedHeaderIsIgnored()
    {
        SkipWithoutNginx();
        using var viaNginx = ClientFrom.Create("127.0.0.4", _nginx, _ownerKey);
        (await KeyCreatedFromAsync(viaNginx)).Should().Be("127.0.0.4", "nginx names the client it saw");

        // A client sends its own X-Forwarded-For through nginx: nginx appends the address it saw, and only that
        // last hop (the one the trusted proxy vouches for) is used.
        using var spoofingViaNginx = ClientFrom.Create("127.0.0.5", _nginx, _ownerKey);
        spoofingViaNginx.DefaultRequestHeaders.Add("X-Forwarded-For", "10.77.77.77");
        (await KeyCreatedFromAsync(spoofingViaNginx)).Should().Be("127.0.0.5");

        // Straight to the service from an address that is not a known proxy: its header is ignored.
        using var direct = ClientFrom.Create("127.0.0.6", _service!.Address, _ownerKey);
        direct.DefaultRequestHeaders.Add("X-Forwarded-For", "10.66.66.66");
        (await KeyCreatedFromAsync(direct)).Should().Be("127.0.0.6");
    }

    [Fact]
    public async Task SpoofedHeader_FromAnUnlistedAddress_DoesNotEscapeItsFailureBudget()
    {
        SkipWithoutNginx();
        var prefix = _ownerKey.Substring(10, 6);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < FailureBudget + 5; i++)
        {
            // A new forged client address in every request: if it were believed, no budget would ever be spent.
            var forged = ApiKeyToken.FromRandom(prefix + "s" + i.ToString("D3", CultureInfo.InvariantCulture) + new string('q', 22)).Reveal();
            using var client = ClientFrom.Create("127.0.0.7", _service!.Address, forged);
            client.DefaultRequestHeaders.Add("X-Forwarded-For", $"198.51.100.{i + 1}");
            statuses.Add((await client.GetAsync("/v1/me")).StatusCode);
        }

        statuses.Should().Contain(HttpStatusCode.TooManyRequests, "all of them come from 127.0.0.7, whatever the header says");
    }

    private async Task<string> KeyCreatedFromAsync(HttpClient client)
    {
        var (created, body) = await client.PostJsonAsync($"/v1/organizations/{_org}/api-keys", new { name = "from " + Guid.NewGuid().ToString("N")[..6] });
        created.StatusCode.Should().Be(HttpStatusCode.Created, body?.ToJsonString());
        var keyId = body!["api_key"]!["id"]!.GetValue<string>();
        var (_, events) = await client.GetJsonAsync($"/v1/organizations/{_org}/audit-events?key_id={keyId}&action=api_key.created");
        return events!["audit_events"]!.AsArray().Should().ContainSingle().Subject!["ip_address"]!.GetValue<string>();
    }

    private void SkipWithoutNginx()
    {
        if (_service is null)
        {
            Assert.Skip($"Needs nginx in front of the service: set {NginxVariable} and {UpstreamPortVariable} (.ci/run starts nginx and sets them).");
        }
    }
}
