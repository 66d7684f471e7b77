using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ApiKeys.AspNetCore.Tests;

/// <summary>
/// The real ApiKeys process and the sample BundleService process, which authenticates its callers with
/// ApiKeys.AspNetCore: app permissions through the handler, revocation seen within 2 s, and an ApiKeys outage.
/// </summary>
public sealed partial class EndToEndTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string AppA = "com.bundles.a";
    private const string AppB = "com.bundles.b";
    private static readonly TimeSpan OutageGrace = TimeSpan.FromSeconds(6);

    private readonly string _database = Path.Combine(Path.GetTempPath(), $"apikeys-e2e-{Guid.NewGuid():N}.db");
    private Dictionary<string, string> _apiKeysSettings = [];
    private ServiceProcess? _apiKeys;
    private ServiceProcess? _sample;
    private HttpClient _owner = new();
    private string _org = "";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _apiKeysSettings = new()
        {
            ["ConnectionStrings__Default"] = $"Data Source={_database}",
            ["Argon2__MemoryKiB"] = "1024",
            ["Argon2__Iterations"] = "1",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        var apiDll = ServiceProcess.Dll("src/Api", "ApiKeys.Api.dll");
        var bootstrap = await ServiceProcess.RunAsync(apiDll, _apiKeysSettings, "bootstrap", "--org-name", "Bundles");
        var ownerKey = TokenPattern().Match(bootstrap).Value;
        _org = OrgPattern().Match(bootstrap).Value;
        _apiKeys = await ServiceProcess.StartAsync(apiDll, _apiKeysSettings, "/health/ready");
        _owner = new HttpClient { BaseAddress = _apiKeys.Address };
        _owner.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ownerKey);
        foreach (var app in new[] { AppA, AppB })
        {
            (await _owner.PostAsJsonAsync($"/v1/organizations/{_org}/apps", new { app_id = app, name = app }, Ct)).StatusCode.Should().Be(HttpStatusCode.Created);
        }

        var verifier = await CreateKeyAsync(new { name = "bundle service", org_role = "admin", scopes = new[] { "apikey.verify" } });
        _sample = await ServiceProcess.StartAsync(ServiceProcess.Dll("samples/BundleService", "BundleService.dll"), new Dictionary<string, string>
        {
            ["ApiKeys__Authority"] = _apiKeys.Address.ToString(),
            ["ApiKeys__VerifierKey"] = verifier.Secret,
            // Short answers' lifetime so the outage test reaches past it; revocations are evicted by the feed anyway.
            ["ApiKeys__Cache__CacheDuration"] = "00:00:02",
            ["ApiKeys__Cache__OutageGrace"] = OutageGrace.ToString(),
            ["Logging__LogLevel__Default"] = "Warning",
        }, "/health");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var service in new[] { _sample, _apiKeys })
        {
            if (service is not null)
            {
                await service.DisposeAsync();
            }
        }

        _owner.Dispose();
        foreach (var file in new[] { _database, _database + "-wal", _database + "-shm" })
        {
            File.Delete(file);
        }
    }

    private async Task<(string Id, string Secret)> CreateKeyAsync(object body)
    {
        var response = await _owner.PostAsJsonAsync($"/v1/organizations/{_org}/api-keys", body, Ct);
        var created = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
        response.StatusCode.Should().Be(HttpStatusCode.Created, created.ToJsonString());
        return (created["api_key"]!["id"]!.GetValue<string>(), created["plaintext_api_key"]!.GetValue<string>());
    }

    private Task<(string Id, string Secret)> UploaderOnAppAAsync(string name) =>
        CreateKeyAsync(new { name, org_role = "none", app_roles = new[] { new { app_id = AppA, role = "app_uploader" } } });

    private async Task<HttpResponseMessage> UploadAsync(string? token, string app, string version = "1.0.0", ServiceProcess? sample = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/apps/{app}/bundles") { Content = JsonContent.Create(new { version }) };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var client = new HttpClient { BaseAddress = (sample ?? _sample)!.Address };
        return await client.SendAsync(request, Ct);
    }

    [Fact]
    public async Task UploaderOnAppA_MayUploadToA_NotToB()
    {
        var (_, secret) = await UploaderOnAppAAsync("uploader");

        var toA = await UploadAsync(secret, AppA);
        toA.StatusCode.Should().Be(HttpStatusCode.Created, await toA.Content.ReadAsStringAsync(Ct));
        var toB = await UploadAsync(secret, AppB);
        toB.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        toB.Headers.WwwAuthenticate.ToString().Should().StartWith("Bearer");
        (await UploadAsync(secret, "com.nowhere.app")).StatusCode.Should().Be(HttpStatusCode.Forbidden, "an app that is not the organization's grants nothing");

        var none = await UploadAsync(null, AppA);
        none.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        none.Headers.WwwAuthenticate.ToString().Should().Be("Bearer");
        var forged = await UploadAsync("capy_live_000000000000000000000000000000003UFVO5", AppA);
        forged.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        forged.Headers.WwwAuthenticate.ToString().Should().Contain("invalid_token");

        using var reader = new HttpClient { BaseAddress = _sample!.Address };
        reader.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        var listed = JsonNode.Parse(await reader.GetStringAsync($"/apps/{AppA}/bundles", Ct))!;
        listed["bundles"]!.AsArray().Should().NotBeEmpty("uploader includes reader");
    }

    [Fact]
    public async Task KeyOfAnotherOrganization_IsRefused()
    {
        var other = await ServiceProcess.RunAsync(ServiceProcess.Dll("src/Api", "ApiKeys.Api.dll"), _apiKeysSettings, "bootstrap", "--org-name", "Other");
        var otherOwner = TokenPattern().Match(other).Value;
        (await UploadAsync(otherOwner, AppA)).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "another organization's key verifies as unknown");
    }

    [Fact]
    public async Task RevokedInApiKeys_TheSampleRefusesWithinTwoSeconds_Over20Trials()
    {
        var delays = new List<double>();
        for (var trial = 0; trial < 20; trial++)
        {
            var (id, secret) = await UploaderOnAppAAsync($"revoked {trial}");
            (await UploadAsync(secret, AppA)).StatusCode.Should().Be(HttpStatusCode.Created, "warm in the sample's cache");
            (await UploadAsync(secret, AppA)).StatusCode.Should().Be(HttpStatusCode.Created);

            (await _owner.DeleteAsync($"/v1/organizations/{_org}/api-keys/{id}", Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
            var clock = Stopwatch.StartNew();
            while ((await UploadAsync(secret, AppA)).StatusCode != HttpStatusCode.Unauthorized)
            {
                clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5), "the revocation must reach the sample");
                await Task.Delay(10, Ct);
            }

            delays.Add(clock.Elapsed.TotalMilliseconds);
        }

        delays.Sort();
        var p50 = delays[delays.Count / 2];
        output.WriteLine($"revocation seen by the sample: p50 {p50:F0} ms, max {delays[^1]:F0} ms over {delays.Count} trials");
        TestContext.Current.SendDiagnosticMessage($"revocation seen by the sample: p50 {p50:F0} ms, max {delays[^1]:F0} ms over {delays.Count} trials");
        delays[^1].Should().BeLessThan(2000);
    }

    [Fact]
    public async Task ApiKeysStopped_KnownKeysWorkForTheGrace_UnknownKeysGet503()
    {
        var (_, known) = await UploaderOnAppAAsync("known");
        var (_, unknown) = await UploaderOnAppAAsync("never used");
        (await UploadAsync(known, AppA)).StatusCode.Should().Be(HttpStatusCode.Created);

        await _apiKeys!.StopAsync();
        var stopped = Stopwatch.StartNew();

        (await UploadAsync(known, AppA, "2.0.0")).StatusCode.Should().Be(HttpStatusCode.Created, "a known key keeps working while ApiKeys is away");
        var refused = await UploadAsync(unknown, AppA);
        refused.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable, "an unknown key cannot be verified");
        refused.Headers.RetryAfter.Should().NotBeNull();
        (await UploadAsync(known, AppB)).StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable, "a token never asked about for app B cannot be decided");

        // Past the grace (counted from the key's last successful verification), the known key is refused too.
        var rest = OutageGrace + TimeSpan.FromSeconds(1.5) - stopped.Elapsed;
        if (rest > TimeSpan.Zero)
        {
            // A slow machine may already be past it: then there is nothing left to wait for.
            await Task.Delay(rest, Ct);
        }
        (await UploadAsync(known, AppA, "3.0.0")).StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
    }

    [Fact]
    public async Task CursorRefusedAfterApiKeysLosesItsKeyRing_TheFollowerDropsEveryCachedAnswer()
    {
        // A sample that would keep a known key's answer for a minute, through an outage too.
        await using var patient = await ServiceProcess.StartAsync(ServiceProcess.Dll("samples/BundleService", "BundleService.dll"), new Dictionary<string, string>
        {
            ["ApiKeys__Authority"] = _apiKeys!.Address.ToString(),
            ["ApiKeys__VerifierKey"] = (await CreateKeyAsync(new { name = "patient service", org_role = "admin", scopes = new[] { "apikey.verify" } })).Secret,
            ["ApiKeys__Cache__CacheDuration"] = "00:01:00",
            ["ApiKeys__Cache__OutageGrace"] = "00:01:00",
            ["Logging__LogLevel__Default"] = "Warning",
        }, "/health");
        var (_, known) = await UploaderOnAppAAsync("known before the restart");
        (await UploadAsync(known, AppA, sample: patient)).StatusCode.Should().Be(HttpStatusCode.Created);

        // ApiKeys comes back on the same address with a new Data Protection key ring (a restore, a lost ring): the
        // cursor the sample holds no longer opens, and what changed since it is unknown.
        var port = _apiKeys.Address.Port;
        await _apiKeys.StopAsync();
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_database};Pooling=False"))
        {
            await connection.OpenAsync(Ct);
            await using var wipe = connection.CreateCommand();
            wipe.CommandText = "DELETE FROM \"DataProtectionKeys\"";
            (await wipe.ExecuteNonQueryAsync(Ct)).Should().BeGreaterThan(0, "the ring was stored in the database");
        }

        await _apiKeys.DisposeAsync();
        _apiKeys = await ServiceProcess.StartAsync(ServiceProcess.Dll("src/Api", "ApiKeys.Api.dll"), _apiKeysSettings, "/health/ready", port);
        var clock = Stopwatch.StartNew();
        while (!patient.Output.Contains("ApiKeys refused the key-changes cursor", StringComparison.Ordinal))
        {
            clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(20), $"the follower meets the refused cursor: {patient.Output}");
            await Task.Delay(100, Ct);
        }

        // Every answer went: with ApiKeys away again, the key known a moment ago cannot be decided.
        await _apiKeys.StopAsync();
        (await UploadAsync(known, AppA, "2.0.0", patient)).StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable,
            "the answer cached before the cursor was refused is dropped, not kept for its minute");
    }

    [GeneratedRegex("capy_live_[0-9A-Za-z]{38}")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("org_[0-9a-f]{32}")]
    private static partial Regex OrgPattern();
}
