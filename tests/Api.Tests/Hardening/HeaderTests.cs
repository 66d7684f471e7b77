using System.Net;
using System.Text;
using ApiKeys.Api.Tests.Harness;
using ApiKeys.Domain.ApiKeys;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ApiKeys.Api.Tests.Hardening;

/// <summary>
/// Response headers: no MIME sniffing, no caching of answers that carry secrets, no <c>Server</c> banner; and the
/// two ways a well-formed token can fail (unknown prefix, wrong secret) look the same from the client's side.
/// </summary>
public class HeaderTests(HardeningFactory factory) : IClassFixture<HardeningFactory>
{
    public static TheoryData<string, string, string?, int> Requests => new()
    {
        { "GET", "/v1/me", null, 200 },
        { "GET", "/v1/organizations/{org}/api-keys", null, 200 },
        { "POST", "/v1/organizations/{org}/api-keys", "{\"name\": \"h\"}", 201 },
        { "POST", "/v1/organizations/{org}/api-keys", "{\"name\": 1}", 400 },
        { "GET", "/v1/organizations/{org}/api-keys/key_123", null, 404 },
        { "GET", "/v1/organizations/{org}/api-keys/key_0192f0c0a1b27c3d8e9f0a1b2c3d4e5f", null, 404 },
        { "GET", "/v1/no-such-route", null, 404 },
        { "PUT", "/v1/me", "{}", 405 },
        { "POST", "/v1/keys/verify?organization_id={org}", "{\"key\": \"capy_live_000000000000000000000000000000003UFVO5\"}", 200 },
        { "GET", "/health/live", null, 200 },
        { "GET", "/openapi/v1.json", null, 200 },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task EveryResponse_CarriesNoSniff(string method, string path, string? body, int status)
    {
        var world = await factory.WorldAsync();
        var (response, _) = await factory.User().SendJsonAsync(new HttpMethod(method), path.Replace("{org}", world.OrganizationId, StringComparison.Ordinal), body);
        ((int)response.StatusCode).Should().Be(status, path);
        response.Headers.GetValues("X-Content-Type-Options").Should().ContainSingle().Which.Should().Be("nosniff");
    }

    [Fact]
    public async Task ErrorResponses_CarryNoSniff_401_413_415()
    {
        var world = await factory.WorldAsync();
        var keys = $"/v1/organizations/{world.OrganizationId}/api-keys";
        var unauthorized = await factory.Anonymous().GetAsync(keys, TestContext.Current.CancellationToken);
        unauthorized.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        var tooLarge = (await factory.User().SendJsonAsync(HttpMethod.Post, keys, $"{{\"name\": \"{new string('a', 70_000)}\"}}")).Response;
        tooLarge.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        using var form = new StringContent("name=x", Encoding.UTF8, "application/x-www-form-urlencoded");
        var unsupported = await factory.User().PostAsync(keys, form, TestContext.Current.CancellationToken);
        unsupported.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
        foreach (var response in new[] { unauthorized, tooLarge, unsupported })
        {
            response.Headers.GetValues("X-Content-Type-Options").Should().ContainSingle().Which.Should().Be("nosniff", response.StatusCode.ToString());
        }
    }

    [Fact]
    public async Task SecretBearingResponses_AreNoStore()
    {
        var world = await factory.WorldAsync();
        var user = factory.User();
        var keys = $"/v1/organizations/{world.OrganizationId}/api-keys";

        var (created, body) = await user.PostJsonAsync(keys, new { name = "cache me not", org_role = "admin" });
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        created.Headers.CacheControl!.NoStore.Should().BeTrue("create carries a plaintext token");
        var id = body!["api_key"]!["id"]!.GetValue<string>();

        var (regenerated, _) = await user.PostJsonAsync($"{keys}/{id}/regenerate", new { grace_period_seconds = 0 });
        regenerated.StatusCode.Should().Be(HttpStatusCode.OK);
        regenerated.Headers.CacheControl!.NoStore.Should().BeTrue("regenerate carries a plaintext token");

        // At once again: a key may be regenerated twice in a row, and this answer too carries a secret.
        var (graced, gracedBody) = await user.PostJsonAsync($"{keys}/{id}/regenerate", new { grace_period_seconds = 60 });
        graced.StatusCode.Should().Be(HttpStatusCode.OK);
        gracedBody!["plaintext_api_key"]!.GetValue<string>().Should().StartWith("capy_live_");
        graced.Headers.CacheControl!.NoStore.Should().BeTrue();

        var (plain, plainBody) = await user.PostJsonAsync(keys, new { name = "plain", secure = false });
        plain.StatusCode.Should().Be(HttpStatusCode.Created);
        plain.Headers.CacheControl!.NoStore.Should().BeTrue();
        var (shown, shownBody) = await user.GetJsonAsync($"{keys}/{plainBody!["api_key"]!["id"]}");
        shown.StatusCode.Should().Be(HttpStatusCode.OK);
        shownBody!["api_key"]!["key"]!.GetValue<string>().Should().Be(plainBody["plaintext_api_key"]!.GetValue<string>());
        shown.Headers.CacheControl!.NoStore.Should().BeTrue("a plain key is shown again in its GET");

        var (legacy, legacyBody) = await user.PostJsonAsync(keys, new { name = "legacy", mode = "all" });
        legacy.StatusCode.Should().Be(HttpStatusCode.Created);
        var raw = factory.CreateClient();
        raw.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", legacyBody!["plaintext_api_key"]!.GetValue<string>());
        var (legacyCreate, _) = await raw.PostJsonAsync("/apikey/", new { name = "cli", mode = "read" });
        legacyCreate.StatusCode.Should().Be(HttpStatusCode.OK);
        legacyCreate.Headers.CacheControl!.NoStore.Should().BeTrue("Capgo's create answer carries the key");
        legacy.Headers.CacheControl!.NoStore.Should().BeTrue();
    }

    [Fact]
    public void Kestrel_IsConfiguredWithoutAServerHeader() =>
        // TestServer never writes a Server header, so only the setting and a real socket (below) can show its absence.
        factory.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.AddServerHeader.Should().BeFalse();

    [Fact]
    public async Task NoServerHeader_OverRealKestrel()
    {
        var database = TestDatabase.Sqlite();
        await database.CreateAsync();
        await using var kestrel = new KestrelFactory(database);
        kestrel.UseKestrel(0);
        kestrel.StartServer();
        using var client = kestrel.CreateClient();
        client.BaseAddress!.Scheme.Should().Be("http");
        client.BaseAddress.IsLoopback.Should().BeTrue("this is a real socket, not TestServer");

        foreach (var path in new[] { "/health/live", "/v1/me", "/v1/no-such-route" })
        {
            var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
            response.Headers.Contains("Server").Should().BeFalse($"{path} over Kestrel: no Server banner");
            response.Headers.GetValues("X-Content-Type-Options").Should().ContainSingle().Which.Should().Be("nosniff");
        }

        // The control: the same service with Kestrel's default setting does send the banner, so the check above sees it.
        await using var banner = new BannerKestrelFactory(database);
        banner.UseKestrel(0);
        banner.StartServer();
        var withBanner = await banner.CreateClient().GetAsync("/health/live", TestContext.Current.CancellationToken);
        withBanner.Headers.Server.ToString().Should().Be("Kestrel");
    }

    private sealed class KestrelFactory(TestDatabase database) : ApiFactory(database);

    private sealed class BannerKestrelFactory(TestDatabase database) : ApiFactory(database)
    {
        protected override bool OwnsDatabase => false;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.PostConfigure<KestrelServerOptions>(o => o.AddServerHeader = true));
        }
    }

    [Theory]
    [InlineData("GET", "/v1/me", "Bearer ")]
    [InlineData("GET", "/v1/organizations/{org}/api-keys", "Bearer ")]
    [InlineData("POST", "/v1/organizations/{org}/api-keys", "Bearer ")]
    [InlineData("GET", "/apikey/", "")]
    [InlineData("GET", "/apikey/", "Bearer ")]
    public async Task UnknownPrefixAndWrongSecret_AreIndistinguishable(string method, string path, string scheme)
    {
        var world = await factory.WorldAsync();
        path = path.Replace("{org}", world.OrganizationId, StringComparison.Ordinal);
        var unknown = Forge("capy_live_" + Random62(6));
        var wrongSecret = Forge(world.KeyToken[..16]);
        var badChecksum = world.KeyToken[..42] + (world.KeyToken[42] == '0' ? "1" : "0") + world.KeyToken[43..];

        var answers = new List<(string Name, int Status, string Body, string Headers)>();
        foreach (var (name, token) in new[] { ("unknown prefix", unknown), ("wrong secret", wrongSecret), ("bad checksum", badChecksum) })
        {
            var client = factory.CreateClient();
            client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", scheme + token);
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (method == "POST")
            {
                request.Content = new StringContent("{\"name\": \"x\"}", Encoding.UTF8, "application/json");
            }

            var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
            var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            var headers = string.Join("\n", response.Headers.Concat(response.Content.Headers)
                .Where(h => h.Key is not "Date")
                .OrderBy(h => h.Key, StringComparer.OrdinalIgnoreCase)
                .Select(h => $"{h.Key.ToLowerInvariant()}: {string.Join(",", h.Value)}"));
            answers.Add((name, (int)response.StatusCode, body, headers));
        }

        answers[0].Status.Should().Be(401);
        foreach (var other in answers.Skip(1))
        {
            other.Status.Should().Be(answers[0].Status, other.Name);
            other.Body.Should().Be(answers[0].Body, $"{other.Name} vs unknown prefix: same body");
            other.Headers.Should().Be(answers[0].Headers, $"{other.Name} vs unknown prefix: same headers, names and values");
        }
    }

    [Fact]
    public async Task Verify_UnknownPrefixAndWrongSecret_AreIndistinguishable()
    {
        var world = await factory.WorldAsync();
        var verifier = factory.User();
        var path = $"/v1/keys/verify?organization_id={world.OrganizationId}";
        var (unknown, unknownBody) = await verifier.PostJsonAsync(path, new { key = Forge("capy_live_" + Random62(6)) });
        var (wrong, wrongBody) = await verifier.PostJsonAsync(path, new { key = Forge(world.KeyToken[..16]) });
        unknown.StatusCode.Should().Be(HttpStatusCode.OK);
        wrong.StatusCode.Should().Be(unknown.StatusCode);
        unknownBody!["code"]!.GetValue<string>().Should().Be("NOT_FOUND");
        wrongBody!.ToJsonString().Should().Be(unknownBody.ToJsonString(), "a wrong secret must not reveal that the prefix exists (no key_id, no organization)");
        wrong.Headers.Select(h => h.Key).Order().Should().Equal(unknown.Headers.Select(h => h.Key).Order());
    }

    private static string Random62(int length) =>
        new(Enumerable.Range(0, length).Select(_ => ApiKeyToken.Base62Alphabet[Random.Shared.Next(62)]).ToArray());

    /// <summary>A well-formed token (good checksum) with the given 16-character prefix.</summary>
    private static string Forge(string prefix16)
    {
        var body = prefix16 + Random62(26);
        return body + ApiKeyToken.Checksum(body);
    }
}
