using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ApiKeys.Api.Tests.Harness;

namespace ApiKeys.Api.Tests.Contract;

/// <summary>
/// A representative run of the API, every route with its successes and the errors a well-formed request can meet,
/// through Prism's contract-validating proxy in front of a real service: not one request or answer may depart from
/// docs/openapi.json. Each subclass runs it against one way of running the service (a process, the container).
/// </summary>
public abstract class ContractReplay : IAsyncLifetime
{
    /// <summary>What the replay needs of the service besides its database: users' JWTs, webhooks to loopback.</summary>
    protected static readonly IReadOnlyDictionary<string, string> Settings = new Dictionary<string, string>
    {
        ["Argon2__MemoryKiB"] = "1024",
        ["Argon2__Iterations"] = "1",
        ["Auth__Jwt__SigningKey"] = ApiFactory.SigningKey,
        ["Auth__Jwt__Issuer"] = ApiFactory.Issuer,
        ["Auth__Jwt__Audience"] = ApiFactory.Audience,
        ["Logging__LogLevel__Default"] = "Warning",
        ["Webhooks__AllowInsecureHosts"] = "127.0.0.1",
    };

    private readonly List<string> _violations = [];
    private readonly List<string> _log = [];
    private PrismProxy? _prism;
    private string _org = "";
    private string _owner = "";

    /// <summary>Why this way of running the service is not available here, or <see langword="null"/>.</summary>
    protected abstract string? MissingReason { get; }

    /// <summary>Starts the service on an empty database with <paramref name="settings"/>, after a <c>bootstrap --org-name</c>.</summary>
    protected abstract Task<(Uri Address, string Org, string OwnerKey)> StartServiceAsync(IReadOnlyDictionary<string, string> settings);

    protected abstract ValueTask StopServiceAsync();

    public async ValueTask InitializeAsync()
    {
        if (PrismProxy.Executable is null || MissingReason is not null)
        {
            return;
        }

        var (address, org, owner) = await StartServiceAsync(Settings);
        (_org, _owner) = (org, owner);
        _prism = await PrismProxy.StartAsync(OpenApiDocumentTests.CommittedPath(), address);
    }

    public async ValueTask DisposeAsync()
    {
        if (_prism is not null)
        {
            await _prism.DisposeAsync();
        }

        await StopServiceAsync();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task EveryRoute_ThroughTheContractProxy_HasNoViolation()
    {
        if (_prism is null)
        {
            Assert.Skip(MissingReason ?? "Needs Prism: set APIKEYS_TEST_PRISM to the prism executable (.ci/run installs @stoplight/prism-cli).");
        }

        var org = $"/v1/organizations/{_org}";
        var keys = $"{org}/api-keys";
        const string App = "com.demo.app";

        // Health and the caller.
        await SendAsync("GET", "/health/live", null, null, 200);
        await SendAsync("GET", "/health/ready", null, null, 200);
        await SendAsync("GET", "/v1/me", _owner, null, 200);
        await SendAsync("GET", $"/v1/me?organization_id={_org}", _owner, null, 200);
        await SendAsync("GET", "/v1/me", "capy_live_000000000000000000000000000000003UFVO5", null, 401);

        // Organizations and apps.
        await SendAsync("GET", org, _owner, null, 200);
        await SendAsync("GET", "/v1/organizations/org_nope", _owner, null, 404);
        await SendAsync("PATCH", org, _owner, new { name = "Acme", key_policy = new { max_lifetime_days = (int?)null, require_secure_keys = false } }, 200);
        await SendAsync("POST", $"{org}/apps", _owner, new { app_id = App, name = "Demo" }, 201);
        await SendAsync("POST", $"{org}/apps", _owner, new { app_id = App, name = "Demo again" }, 409);
        await SendAsync("POST", $"{org}/apps", _owner, new { app_id = "com.other.app", name = "Other" }, 201);
        await SendAsync("GET", $"{org}/apps?limit=10", _owner, null, 200);
        await SendAsync("GET", $"{org}/apps/{App}", _owner, null, 200);
        await SendAsync("GET", $"{org}/apps/com.nope.app", _owner, null, 404);
        await SendAsync("GET", $"{org}/apps?limit=0", _owner, null, 400);

        // API keys: RBAC and legacy, the whole lifecycle.
        var created = await SendAsync("POST", keys, _owner, new { name = "CI upload", org_role = "none", app_roles = new[] { new { app_id = App, role = "app_uploader" } }, expires_at = DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-ddTHH:mm:ssZ") }, 201);
        var keyId = created!["api_key"]!["id"]!.GetValue<string>();
        var keySecret = created["plaintext_api_key"]!.GetValue<string>();
        var member = await SendAsync("POST", keys, _owner, new { name = "member", org_role = "member", secure = false }, 201);
        var memberSecret = member!["plaintext_api_key"]!.GetValue<string>();
        var legacy = await SendAsync("POST", keys, _owner, new { name = "legacy", mode = "read" }, 201);
        var legacyId = legacy!["api_key"]!["id"]!.GetValue<string>();
        await SendAsync("GET", keys, _owner, null, 200);
        await SendAsync("GET", $"{keys}?kind=legacy&include_revoked=true&limit=5", _owner, null, 200);
        await SendAsync("GET", $"{keys}/{keyId}", _owner, null, 200);
        await SendAsync("GET", $"{keys}/{member!["api_key"]!["id"]}", _owner, null, 200);
        await SendAsync("GET", $"{keys}/key_0192f0c0a1b27c3d8e9f0a1b2c3d4e5f", _owner, null, 404);
        await SendAsync("PATCH", $"{keys}/{keyId}", _owner, new { name = "CI upload (main)" }, 200);
        await SendAsync("PATCH", $"{keys}/{keyId}", _owner, new { expires_at = (string?)null }, 200);
        await SendAsync("PUT", $"{keys}/{keyId}/roles", _owner, new { org_role = "none", app_roles = new[] { new { app_id = App, role = "developer" } } }, 200);
        await SendAsync("PUT", $"{keys}/{legacyId}/roles", _owner, new { org_role = "member", app_roles = Array.Empty<object>() }, 409);
        await SendAsync("POST", $"{keys}/{keyId}/regenerate", _owner, new { grace_period_seconds = 0 }, 200);
        // Again at once: a key may be regenerated twice in a row. A revoked key cannot be: 409.
        await SendAsync("POST", $"{keys}/{keyId}/regenerate", _owner, new { grace_period_seconds = 60 }, 200);
        var gone = await SendAsync("POST", keys, _owner, new { name = "gone", org_role = "member" }, 201);
        var goneId = gone!["api_key"]!["id"]!.GetValue<string>();
        await SendAsync("DELETE", $"{keys}/{goneId}", _owner, null, 200);
        await SendAsync("POST", $"{keys}/{goneId}/regenerate", _owner, new { grace_period_seconds = 0 }, 409);
        await SendAsync("PATCH", org, memberSecret, new { name = "mine now" }, 403);
        await SendAsync("POST", keys, memberSecret, new { name = "escalate", org_role = "owner" }, 403);

        // Key policy: 422 naming the policy.
        await SendAsync("PATCH", org, _owner, new { key_policy = new { require_expiration = true } }, 200);
        await SendAsync("POST", keys, _owner, new { name = "no expiry" }, 422);
        await SendAsync("PATCH", org, _owner, new { key_policy = new { require_expiration = false } }, 200);

        // Verification and the change feed.
        await SendAsync("POST", "/v1/keys/verify", _owner, new { key = memberSecret }, 200);
        await SendAsync("POST", "/v1/keys/verify", _owner, new { key = memberSecret, app_id = App, permissions = new[] { "app.upload_bundle" } }, 200);
        await SendAsync("GET", $"{keys}/{keyId}/usage", _owner, null, 200);
        await SendAsync("GET", $"{keys}/{keyId}/usage?granularity=day&from=2026-01-01T00:00:00Z&to=2026-01-08T00:00:00Z", _owner, null, 200);
        await SendAsync("GET", $"{keys}/{keyId}/usage?from=soon", _owner, null, 400);
        await SendAsync("GET", $"{keys}/{keyId}/usage?granularity=week", _owner, null, 400, requestMayViolate: true);
        await SendAsync("GET", $"{keys}/key_0192f0c0a1b27c3d8e9f0a1b2c3d4e5f/usage", _owner, null, 404);
        await SendAsync("GET", "/v1/roles", _owner, null, 200);
        await SendAsync("GET", $"/v1/roles?organization_id={_org}", memberSecret, null, 200);
        await SendAsync("GET", "/v1/roles?organization_id=org_0192f0c0a1b27c3d8e9f0a1b2c3d4e5f", _owner, null, 404);
        var feed = await SendAsync("GET", $"{org}/key-changes", _owner, null, 200);
        await SendAsync("DELETE", $"{keys}/{keyId}", _owner, null, 200);
        await SendAsync("DELETE", $"{keys}/{keyId}", _owner, null, 404);
        await SendAsync("GET", $"{org}/key-changes?after={feed!["cursor"]}&wait=1", _owner, null, 200);
        await SendAsync("GET", $"{org}/key-changes?after=bogus", _owner, null, 400);
        await SendAsync("GET", $"{org}/key-changes", memberSecret, null, 403);

        // Members and organizations made by a user.
        var alice = ApiFactory.UserJwt("contract-alice");
        var aliceOrg = await SendAsync("POST", "/v1/organizations", alice, new { name = "Alice's" }, 201);
        var aliceOrgPath = $"/v1/organizations/{aliceOrg!["organization"]!["id"]}";
        await SendAsync("POST", "/v1/organizations", _owner, new { name = "key cannot" }, 403);
        await SendAsync("PUT", $"{aliceOrgPath}/members/contract-bob", alice, new { org_role = "org_member", app_roles = Array.Empty<object>() }, 200);
        await SendAsync("GET", $"{aliceOrgPath}/members?limit=10", alice, null, 200);
        await SendAsync("GET", "/v1/me", alice, null, 200);
        await SendAsync("DELETE", $"{aliceOrgPath}/members/contract-bob", alice, null, 200);
        await SendAsync("DELETE", $"{aliceOrgPath}/members/contract-bob", alice, null, 404);
        await SendAsync("DELETE", $"{aliceOrgPath}/members/contract-alice", alice, null, 409);
        await SendAsync("GET", $"{org}/audit-events?limit=5", _owner, null, 200);
        await SendAsync("GET", $"{org}/audit-events?action=api_key.revoked&key_id={keyId}", _owner, null, 200);
        await SendAsync("GET", $"{org}/audit-events?limit=0", _owner, null, 400);

        // Capgo's legacy routes, raw key header.
        await SendAsync("GET", "/apikey/", _owner, null, 200, raw: true);
        var capgo = await SendAsync("POST", "/apikey/", _owner, new { name = "cli", mode = "upload", limited_to_apps = new[] { App } }, 200, raw: true);
        await SendAsync("POST", "/apikey/", _owner, new { name = "cli", mode = "admin" }, 400, raw: true, requestMayViolate: true);
        await SendAsync("DELETE", $"/apikey/{capgo!["apikey"]!["id"]}/", _owner, null, 200, raw: true);
        await SendAsync("DELETE", $"/apikey/{capgo["apikey"]!["id"]}/", _owner, null, 404, raw: true);
        await SendAsync("GET", "/apikey/", memberSecret, null, 403);

        // Webhooks and leaked keys.
        var hook = await SendAsync("POST", $"{org}/webhooks", _owner, new { url = "http://127.0.0.1:9/hooks", events = new[] { "api_key.created", "api_key.leaked" }, description = "contract" }, 201);
        var hookId = hook!["webhook"]!["id"]!.GetValue<string>();
        await SendAsync("POST", $"{org}/webhooks", _owner, new { url = "https://10.0.0.1/hooks", events = new[] { "api_key.created" } }, 400);
        await SendAsync("GET", $"{org}/webhooks?limit=10", _owner, null, 200);
        await SendAsync("GET", $"{org}/webhooks/{hookId}", _owner, null, 200);
        await SendAsync("GET", $"{org}/webhooks/whk_nope", _owner, null, 404);
        await SendAsync("POST", keys, _owner, new { name = "heard" }, 201);
        await SendAsync("GET", $"{org}/webhooks/{hookId}/deliveries", _owner, null, 200);
        await SendAsync("GET", $"{org}/webhooks", memberSecret, null, 403);
        await SendAsync("POST", "/v1/keys/report-leak", null, new { key = memberSecret }, 202);
        await SendAsync("POST", "/v1/keys/report-leak", null, new { key = "not a key" }, 202);
        await SendAsync("POST", "/v1/secret-scanning/github", null, new[] { new { token = keySecret, type = "apikeys_live_token", url = "https://github.com/x/y", source = "content" } }, 401);
        await SendAsync("DELETE", $"{org}/webhooks/{hookId}", _owner, null, 200);

        await SendAsync("DELETE", $"{org}/apps/com.other.app", _owner, null, 200);
        await SendAsync("DELETE", $"{org}/apps/com.other.app", _owner, null, 404);

        _violations.Should().BeEmpty("every request and answer must match docs/openapi.json:\n" + string.Join('\n', _log));

        // The canary: a request the document forbids (limit is an integer) must be flagged, or the proxy checks nothing.
        await SendAsync("GET", $"{org}/apps?limit=abc", _owner, null, 400);
        _violations.Should().ContainSingle(v => v.Contains("limit=abc", StringComparison.Ordinal), "Prism validates what passes through it");
    }

    private async Task<JsonNode?> SendAsync(string method, string path, string? token, object? body, int expected, bool raw = false, bool requestMayViolate = false)
    {
        using var client = new HttpClient { BaseAddress = _prism!.Address };
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (token is not null)
        {
            if (raw)
            {
                request.Headers.TryAddWithoutValidation("Authorization", token);
            }
            else
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }
        }

        if (body is not null)
        {
            request.Content = new StringContent(JsonSerializer.Serialize(body, HttpExtensions.Snake), Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var line = $"{method} {path} -> {(int)response.StatusCode}";
        if (response.Headers.TryGetValues("sl-violations", out var values))
        {
            var violations = JsonNode.Parse(string.Join(',', values))!.AsArray()
                .Where(v => !(requestMayViolate && v!["location"]![0]!.GetValue<string>() == "request"))
                .ToList();
            if (violations.Count > 0)
            {
                line += " VIOLATIONS " + string.Join("; ", violations.Select(v => v!.ToJsonString()));
                _violations.Add(line);
            }
        }

        _log.Add(line);
        ((int)response.StatusCode).Should().Be(expected, $"{line}: {text}");
        return response.Content.Headers.ContentType?.MediaType == "application/json" && text.Length > 0 ? JsonNode.Parse(text) : null;
    }
}
