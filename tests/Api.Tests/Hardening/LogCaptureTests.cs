using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using ApiKeys.Api.Tests.Harness;
using ApiKeys.Domain.ApiKeys;
using ApiKeys.Infrastructure.ChangeFeed;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace ApiKeys.Api.Tests.Hardening;

/// <summary>Every log line the service writes, at every level, with its structured values, scopes and exceptions.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, Lines);

    public void Dispose()
    {
    }

    /// <summary>Installs <paramref name="provider"/> on the host at Trace for every category.</summary>
    public static void CaptureAll(IWebHostBuilder builder, CapturingLoggerProvider provider) => builder.ConfigureLogging(logging =>
    {
        logging.AddProvider(provider);
        logging.SetMinimumLevel(LogLevel.Trace);
        // appsettings' Logging:LogLevel rules would otherwise cap this provider at Information: a provider-specific
        // rule wins over every general one, so this provider sees every category at Trace.
        logging.AddFilter<CapturingLoggerProvider>(null, LogLevel.Trace);
    });

    private sealed class CapturingLogger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable BeginScope<TState>(TState state)
            where TState : notnull
        {
            lines.Enqueue($"[scope] {category}: {Describe(state)}");
            return NullScope.Instance;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lines.Enqueue($"[{logLevel}] {category} ({eventId}): {formatter(state, exception)} | {Describe(state)} | {exception}");
        }

        private static string Describe(object? state) => state switch
        {
            IEnumerable<KeyValuePair<string, object?>> values => string.Join("; ", values.Select(v => $"{v.Key}={Render(v.Value)}")),
            _ => state?.ToString() ?? string.Empty,
        };

        private static string Render(object? value) => value switch
        {
            null => "null",
            string text => text,
            System.Collections.IEnumerable items => string.Join(",", items.Cast<object?>().Select(i => i?.ToString())),
            _ => value.ToString() ?? string.Empty,
        };
    }

    private sealed class NullScope : IDisposable
    {
        public static NullScope Instance { get; } = new();

        public void Dispose()
        {
        }
    }
}

/// <summary>The service with every log line captured from the start (host, migrations, requests, background work).</summary>
public sealed class LogCaptureFactory : HardeningFactory
{
    public CapturingLoggerProvider Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        CapturingLoggerProvider.CaptureAll(builder, Logs);
    }
}

/// <summary>
/// Contract §1 and §7: never a token or hash in a log line or an error. Drives the whole key lifecycle with every
/// log line captured at Trace, then searches the lines (message, structured values, scopes, exception text) and
/// the audit trail for each issued token, its secret part, Argon2 PHC hashes and Data Protection payloads.
/// </summary>
public class LogCaptureTests(LogCaptureFactory factory) : IClassFixture<LogCaptureFactory>
{
    /// <summary>Every Data Protection payload begins with the magic header 0x09F0C9F0, "CfDJ8" in base64url.</summary>
    private const string DataProtectionMagic = "CfDJ8";

    [Fact]
    public async Task WholeLifecycle_WritesNoSecretToAnyLogLineOrAuditEvent()
    {
        var ct = TestContext.Current.CancellationToken;
        var tokens = new List<string>();
        var user = factory.User();

        var (_, org) = await user.PostJsonAsync("/v1/organizations", new { name = "Logs" });
        var orgId = org!["organization"]!["id"]!.GetValue<string>();
        var keys = $"/v1/organizations/{orgId}/api-keys";
        (await user.PostJsonAsync($"/v1/organizations/{orgId}/apps", new { app_id = "com.demo.app", name = "Demo" })).Response.EnsureSuccessStatusCode();

        // The bootstrap owner key, made as the `bootstrap` verb makes it.
        var (_, ownerToken) = await factory.CreateOrganizationAsync("Bootstrapped");
        tokens.Add(ownerToken);
        (await factory.WithToken(ownerToken).GetJsonAsync("/v1/me")).Response.StatusCode.Should().Be(HttpStatusCode.OK);

        // Create: secure, plain, legacy, expiring.
        async Task<(string Id, string Token)> CreateAsync(object body)
        {
            var (response, created) = await user.PostJsonAsync(keys, body);
            response.StatusCode.Should().Be(HttpStatusCode.Created, created?.ToJsonString());
            var token = created!["plaintext_api_key"]!.GetValue<string>();
            tokens.Add(token);
            return (created["api_key"]!["id"]!.GetValue<string>(), token);
        }

        var secure = await CreateAsync(new { name = "secure", org_role = "admin" });
        var plain = await CreateAsync(new { name = "plain", secure = false, org_role = "member" });
        var legacy = await CreateAsync(new { name = "legacy", mode = "all" });
        var expiring = await CreateAsync(new { name = "expiring", org_role = "member", expires_at = DateTime.UtcNow.AddDays(1).ToString("O") });
        var scoped = await CreateAsync(new { name = "scoped", app_roles = new[] { new { app_id = "com.demo.app", role = "developer" } }, scopes = new[] { "app.read" } });

        // Authenticate with each; read the plain key back (the one place its plaintext may appear again).
        foreach (var token in tokens.ToList())
        {
            (await factory.WithToken(token).GetJsonAsync("/v1/me")).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        (await factory.WithToken(secure.Token).GetJsonAsync(keys)).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await factory.WithToken(secure.Token).GetJsonAsync($"{keys}/{plain.Id}")).Body!["api_key"]!["key"]!.GetValue<string>().Should().Be(plain.Token);
        (await factory.WithToken(secure.Token).PatchJsonAsync($"{keys}/{expiring.Id}", new { name = "renamed" })).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await factory.WithToken(secure.Token).PutJsonAsync($"{keys}/{scoped.Id}/roles", new { org_role = "member", app_roles = Array.Empty<object>() })).Response.StatusCode.Should().Be(HttpStatusCode.OK);

        // Regenerate without and with grace; use both secrets during the grace period.
        async Task<string> RegenerateAsync(string id, int grace)
        {
            var (response, body) = await user.PostJsonAsync($"{keys}/{id}/regenerate", new { grace_period_seconds = grace });
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            var token = body!["plaintext_api_key"]!.GetValue<string>();
            tokens.Add(token);
            return token;
        }

        var secure2 = await RegenerateAsync(secure.Id, 0);
        var plain2 = await RegenerateAsync(plain.Id, 300);
        var expiring2 = await RegenerateAsync(expiring.Id, 60);
        (await factory.WithToken(secure.Token).GetJsonAsync("/v1/me")).Response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await factory.WithToken(secure2).GetJsonAsync("/v1/me")).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await factory.WithToken(plain.Token).GetJsonAsync("/v1/me")).Response.StatusCode.Should().Be(HttpStatusCode.OK, "within the grace period");
        (await factory.WithToken(plain2).GetJsonAsync("/v1/me")).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await factory.WithToken(expiring2).GetJsonAsync("/v1/me")).Response.StatusCode.Should().Be(HttpStatusCode.OK);

        // Verify: valid, with permissions, forbidden, unknown, malformed, revoked.
        var verifier = user;
        var verify = $"/v1/keys/verify?organization_id={orgId}";
        foreach (var body in new object[]
        {
            new { key = secure2 },
            new { key = plain2, app_id = "com.demo.app", permissions = new[] { "app.read" } },
            new { key = plain2, app_id = "com.demo.app", permissions = new[] { "app.delete" } },
            new { key = ForgedUnknown() },
            new { key = ForgedWrongSecret(secure2) },
            new { key = secure2[..47] + "!" },
            new { key = secure.Token },
        })
        {
            (await verifier.PostJsonAsync(verify, body)).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        // Verify with a token in a body that fails binding: the body must not be echoed into a log.
        (await verifier.SendJsonAsync(HttpMethod.Post, verify, $"{{\"key\": \"{secure2}\", \"permissions\": \"app.read\"}}")).Response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await verifier.SendJsonAsync(HttpMethod.Post, verify, $"{{\"key\": \"{secure2}\", \"app_id\": ")).Response.StatusCode.Should().Be(HttpStatusCode.BadRequest);

        // Legacy routes with the raw key (no Bearer word), as Capgo's CLI sends it.
        var raw = factory.CreateClient();
        raw.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", legacy.Token);
        (await raw.GetJsonAsync("/apikey/")).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        var (legacyCreated, legacyBody) = await raw.PostJsonAsync("/apikey/", new { name = "from cli", mode = "upload" });
        legacyCreated.StatusCode.Should().Be(HttpStatusCode.OK, legacyBody?.ToJsonString());
        tokens.Add(legacyBody!["apikey"]!["key"]!.GetValue<string>());
        (await raw.PostJsonAsync("/apikey/", new { name = "bad", mode = "god" })).Response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await raw.DeleteJsonAsync($"/apikey/{legacyBody["apikey"]!["id"]!.GetValue<string>()}/")).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        var rawWrong = factory.CreateClient();
        rawWrong.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", ForgedWrongSecret(legacy.Token));
        (await rawWrong.GetJsonAsync("/apikey/")).Response.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "a wrong secret is a bad credential (contract §6), not a server error");

        // Failing requests: forged, mistyped, wrong-secret, revoked tokens; bad input.
        var forged = new[] { ForgedUnknown(), ForgedWrongSecret(secure2), ForgedWrongSecret(plain2), secure2[..47] + (secure2[47] == '0' ? "1" : "0"), secure2 + "x", "Basic " + secure2 };
        foreach (var token in forged)
        {
            var client = factory.CreateClient();
            client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", token.StartsWith("Basic ", StringComparison.Ordinal) ? token : "Bearer " + token);
            (await client.GetJsonAsync(keys)).Response.StatusCode.Should().Be(HttpStatusCode.Unauthorized, token);
        }

        var secureClient = factory.WithToken(secure2);
        (await secureClient.SendJsonAsync(HttpMethod.Post, keys, "{\"name\": 12}")).Response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await secureClient.SendJsonAsync(HttpMethod.Post, keys, "{\"name\": ")).Response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await secureClient.PostJsonAsync($"{keys}/{plain.Id}/regenerate", new { grace_period_seconds = -1 })).Response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await secureClient.PostJsonAsync(keys, new { name = "owner?", org_role = "owner" })).Response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await secureClient.GetJsonAsync($"{keys}/key_123")).Response.StatusCode.Should().Be(HttpStatusCode.NotFound);

        // Revoke; the revoked token fails everywhere.
        foreach (var id in new[] { secure.Id, plain.Id, legacy.Id })
        {
            (await user.DeleteJsonAsync($"{keys}/{id}")).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        (await factory.WithToken(secure2).GetJsonAsync("/v1/me")).Response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await factory.WithToken(plain2).GetJsonAsync("/v1/me")).Response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await raw.GetJsonAsync("/apikey/")).Response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await verifier.PostJsonAsync(verify, new { key = plain2 })).Body!["code"]!.GetValue<string>().Should().Be("REVOKED");

        // The background writers (last-used and usage flushes, the change feed) run now and log what they log.
        await factory.FlushUsesAsync();
        await Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetServices<Microsoft.Extensions.Hosting.IHostedService>(factory.Services)
            .OfType<ChangeFeedPoller>().Single().PollAsync(ct);

        // Canary: a line written through the service's own logger factory is captured, so the search below is real.
        var canary = ForgedUnknown();
        Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<ILoggerFactory>(factory.Services)
            .CreateLogger("Canary").LogTrace("canary {Value}", canary);
        factory.Logs.Lines.Should().Contain(l => l.Contains(canary, StringComparison.Ordinal));

        var lines = factory.Logs.Lines.Where(l => !l.Contains(canary, StringComparison.Ordinal)).ToArray();
        lines.Should().NotBeEmpty("the capturing provider is installed");
        lines.Should().Contain(l => l.Contains("Microsoft.AspNetCore", StringComparison.Ordinal), "framework logs are captured too");
        lines.Should().Contain(l => l.StartsWith("[Debug]", StringComparison.Ordinal) || l.StartsWith("[Trace]", StringComparison.Ordinal), "Debug and Trace lines are captured");
        lines.Length.Should().BeGreaterThan(200);
        var secrets = tokens.Concat(forged.Select(f => f.Replace("Basic ", string.Empty, StringComparison.Ordinal)).Where(f => f.Length >= 48)).Distinct().ToList();
        AssertClean(lines, secrets, "log");

        // The audit trail, every page, with the user's full view.
        var audit = new List<string>();
        string? cursor = null;
        do
        {
            var (response, page) = await user.GetJsonAsync($"/v1/organizations/{orgId}/audit-events?limit=200" + (cursor is null ? string.Empty : $"&cursor={Uri.EscapeDataString(cursor)}"));
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            audit.AddRange(page!["audit_events"]!.AsArray().Select(e => e!.ToJsonString()));
            cursor = page["next_cursor"]?.GetValue<string>();
        }
        while (cursor is not null);

        audit.Should().HaveCountGreaterThan(5, "the lifecycle is audited");
        AssertClean(audit, secrets, "audit event");
    }

    private static void AssertClean(IReadOnlyCollection<string> lines, IReadOnlyList<string> tokens, string what)
    {
        foreach (var token in tokens)
        {
            var secret = token.Length >= 48 ? token[16..48] : token;
            lines.Where(l => l.Contains(token, StringComparison.Ordinal)).Should().BeEmpty($"no {what} holds a token ({token[..16]}…)");
            lines.Where(l => l.Contains(secret, StringComparison.Ordinal)).Should().BeEmpty($"no {what} holds a token's secret part ({token[..16]}…)");
            // Also no substantial run of the random part (a token cut by a formatter is still a leak).
            lines.Where(l => l.Contains(secret[..20], StringComparison.Ordinal)).Should().BeEmpty($"no {what} holds 20 secret characters of {token[..16]}…");
        }

        lines.Where(l => l.Contains("$argon2id$", StringComparison.OrdinalIgnoreCase) || l.Contains("$argon2", StringComparison.OrdinalIgnoreCase))
            .Should().BeEmpty($"no {what} holds an Argon2 PHC hash");
        lines.Where(l => l.Contains(DataProtectionMagic, StringComparison.Ordinal)).Should().BeEmpty($"no {what} holds a Data Protection payload");
    }

    private static string ForgedUnknown()
    {
        var body = "capy_live_" + new string(Enumerable.Range(0, 32).Select(_ => ApiKeyToken.Base62Alphabet[Random.Shared.Next(62)]).ToArray());
        return body + ApiKeyToken.Checksum(body);
    }

    private static string ForgedWrongSecret(string real)
    {
        var body = real[..16] + new string(Enumerable.Range(0, 26).Select(_ => ApiKeyToken.Base62Alphabet[Random.Shared.Next(62)]).ToArray());
        return body + ApiKeyToken.Checksum(body);
    }
}
