using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using ApiKeys.Api.Tests.Harness;
using ApiKeys.Api.Tests.Nodes;

namespace ApiKeys.Api.Tests.Operations;

/// <summary>
/// The built service run as an operator runs it (<c>dotnet path/to/ApiKeys.Api.dll</c>, Production): from another
/// working directory, with JSON console logs, stopped with SIGTERM.
/// </summary>
public sealed partial class RunAnywhereTests : IAsyncLifetime
{
    private readonly TestDatabase _database = TestDatabase.Sqlite();
    private readonly string _elsewhere = Path.Combine(Path.GetTempPath(), "apikeys-cwd-" + Guid.NewGuid().ToString("N"));

    public async ValueTask InitializeAsync()
    {
        await _database.CreateAsync();
        Directory.CreateDirectory(_elsewhere);
    }

    public async ValueTask DisposeAsync()
    {
        await _database.DropAsync();
        Directory.Delete(_elsewhere, recursive: true);
    }

    private Dictionary<string, string> Settings(params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings__Default"] = _database.ConnectionString,
            ["Argon2__MemoryKiB"] = "1024",
            ["Argon2__Iterations"] = "1",
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return settings;
    }

    [Fact]
    public async Task FromAnotherWorkingDirectory_TheConsoleIsServed()
    {
        await using var node = await ServiceNode.StartAsync(Settings(), workingDirectory: _elsewhere);
        using var client = new HttpClient { BaseAddress = node.Address };

        var page = await client.GetAsync("/console/");
        page.StatusCode.Should().Be(HttpStatusCode.OK);
        (await page.Content.ReadAsStringAsync()).Should().Contain("<html");
        (await client.GetAsync("/console/app.js")).StatusCode.Should().Be(HttpStatusCode.OK);
        Directory.EnumerateFileSystemEntries(_elsewhere).Should().BeEmpty("nothing is looked up or written in the current directory (the database path is absolute here)");
        node.Output.Should().Contain(line => line.Contains("key ring is stored unencrypted", StringComparison.Ordinal), "without DataProtection__CertificatePath the start says so");
    }

    [Fact]
    public async Task JsonConsoleLogs_AreOneJsonObjectPerLine_AndCarryNoSecret()
    {
        await using var node = await ServiceNode.StartAsync(Settings(("Logging__Console__FormatterName", "json"), ("Logging__LogLevel__Default", "Information"), ("Logging__LogLevel__Microsoft.AspNetCore", "Information")));
        var (org, ownerKey) = node.Bootstrap();
        using var owner = node.Client(ownerKey);
        var (_, created) = await owner.PostJsonAsync($"/v1/organizations/{org}/api-keys", new { name = "json-logs", org_role = "member" });
        var issued = created!["plaintext_api_key"]!.GetValue<string>();
        using var user = node.Client(issued);
        (await user.GetAsync("/v1/me")).StatusCode.Should().Be(HttpStatusCode.OK);
        using var wrong = node.Client(issued[..^6] + "AAAAAA");
        (await wrong.GetAsync("/v1/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "a token whose checksum fails is a bad credential");
        (await owner.DeleteJsonAsync($"/v1/organizations/{org}/api-keys/{created["api_key"]!["id"]}")).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        await Task.Delay(500); // the console logger writes on its own thread

        var logLines = node.Output.Where(line => line.StartsWith('{')).ToList();
        logLines.Should().HaveCountGreaterThan(5, "the requests above are logged");
        foreach (var line in logLines)
        {
            using var json = JsonDocument.Parse(line);
            json.RootElement.TryGetProperty("LogLevel", out _).Should().BeTrue(line);
            json.RootElement.TryGetProperty("Category", out _).Should().BeTrue(line);
            json.RootElement.TryGetProperty("Timestamp", out var timestamp).Should().BeTrue(line);
            DateTimeOffset.Parse(timestamp.GetString()!, System.Globalization.CultureInfo.InvariantCulture).Offset.Should().Be(TimeSpan.Zero, "timestamps are UTC");
        }

        logLines.Should().Contain(line => line.Contains("\"RequestPath\":\"/v1/me\"", StringComparison.Ordinal) && line.Contains("\"TraceId\":", StringComparison.Ordinal),
            "a request's lines carry its trace id, to match them with its trace and with each other");

        var everything = string.Join('\n', node.Output.Where(line => !line.Trim().Equals(ownerKey, StringComparison.Ordinal)));
        everything.Should().NotContain(issued).And.NotContain(issued[16..]).And.NotContain(ownerKey[16..]);
        Secret().IsMatch(everything).Should().BeFalse("no token, Argon2 hash or Data Protection payload in any JSON log line");
    }

    [Fact]
    public async Task GracefulStop_FlushesLastUsedAt()
    {
        // Flushed every hour: only the graceful stop can have written it.
        var settings = Settings(("Auth__HotPath__LastUsedFlushSeconds", "3600"));
        var node = await ServiceNode.StartAsync(settings);
        var (org, ownerKey) = node.Bootstrap();
        string keyId;
        await using (node)
        {
            using var owner = node.Client(ownerKey);
            var (_, created) = await owner.PostJsonAsync($"/v1/organizations/{org}/api-keys", new { name = "used-once", org_role = "member" });
            keyId = created!["api_key"]!["id"]!.GetValue<string>();
            using var user = node.Client(created["plaintext_api_key"]!.GetValue<string>());
            (await user.GetAsync("/v1/me")).StatusCode.Should().Be(HttpStatusCode.OK);
            (await owner.GetJsonAsync($"/v1/organizations/{org}/api-keys/{keyId}")).Body!["api_key"]!["last_used_at"].Should().BeNull("not flushed yet");

            (await node.StopGracefullyAsync(TimeSpan.FromSeconds(30))).Should().Be(0, "SIGTERM is a clean stop");
        }

        await using var restarted = await ServiceNode.StartAsync(settings);
        using var again = restarted.Client(ownerKey);
        (await again.GetJsonAsync($"/v1/organizations/{org}/api-keys/{keyId}")).Body!["api_key"]!["last_used_at"].Should().NotBeNull("the stop flushed it");
    }


    [GeneratedRegex(@"capy_live_[0-9A-Za-z]{38}|\$argon2id\$|CfDJ8")]
    private static partial Regex Secret();
}
