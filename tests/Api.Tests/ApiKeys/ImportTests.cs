using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ApiKeys.Api.Tests.Harness;
using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.Common;
using ApiKeys.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ApiKeys.Api.Tests.ApiKeys;

/// <summary>
/// Contract §4's import: keys keep their own token, given by its SHA-256 or its plaintext, in any printable shape;
/// a hashed one verifies by SHA-256 until its first use, then is Argon2id; duplicates and bad entries fail alone;
/// the caller grants nothing it does not cover; one audit event a call; concurrent imports of one token make one key.
/// </summary>
public class ImportTests(RaceFactory factory) : IClassFixture<RaceFactory>
{
    private static string Import(string org) => $"/v1/organizations/{org}/api-keys/import";

    private static string Foreign() => "sk_live_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();

    private static string Native() => ApiKeyToken.FromRandom(RandomNumberGenerator.GetString(ApiKeyToken.Base62Alphabet, ApiKeyToken.RandomLength)).Reveal();

    private static object Hashed(string token) => new { algorithm = "sha256", value = Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(token))) };

    private async Task<string> StoredHashAsync(string keyId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        ApiKeyId.TryParse(keyId, out var id).Should().BeTrue();
        var key = await db.ApiKeys.AsNoTracking().SingleAsync(k => k.Id == id, TestContext.Current.CancellationToken);
        return key.Secret.SecretHash;
    }

    private async Task<HttpStatusCode> MeAsync(string token) => (await factory.WithToken(token).GetJsonAsync("/v1/me")).Response.StatusCode;

    [Fact]
    public async Task ByHash_AForeignAndANativeToken_Authenticate_AndAreRehashedToArgon2idOnFirstUse()
    {
        var (org, ownerKey) = await factory.CreateOrganizationAsync();
        var owner = factory.WithToken(ownerKey);
        var (foreign, native) = (Foreign(), Native());

        var (response, body) = await owner.PostJsonAsync(Import(org), new
        {
            keys = new object[]
            {
                new { name = "from stripe", hash = Hashed(foreign), org_role = "org_member" },
                new { name = "from another capy", hash = Hashed(native), org_role = "org_member", meta = new { team = "ci" } },
            },
        });
        response.StatusCode.Should().Be(HttpStatusCode.Created, body?.ToJsonString());
        body!["failed"]!.AsArray().Should().BeEmpty();
        var imported = body["imported"]!.AsArray();
        imported.Select(i => i!["index"]!.GetValue<int>()).Should().Equal(0, 1);
        var ids = imported.Select(i => i!["api_key"]!["id"]!.GetValue<string>()).ToArray();
        imported.Select(i => i!["api_key"]!["key_prefix"]!.GetValue<string>()).Should().AllSatisfy(p => p.Should().StartWith(ApiKeyToken.ImportedScheme).And.HaveLength(16));
        body.ToJsonString().Should().NotContain(foreign).And.NotContain(native);
        (await StoredHashAsync(ids[0])).Should().StartWith(ImportedSha256.Prefix, "a hashed import verifies by SHA-256 until its first use");

        (await MeAsync(foreign)).Should().Be(HttpStatusCode.OK);
        (await MeAsync(native)).Should().Be(HttpStatusCode.OK, "a native-shaped token imported by its hash is found by its SHA-256");
        (await StoredHashAsync(ids[0])).Should().StartWith("$argon2id$", "the first successful use re-hashes it");
        (await StoredHashAsync(ids[1])).Should().StartWith("$argon2id$");

        // Still the key after the re-hash, on another node (no cache), and nothing else is.
        (await MeAsync(foreign)).Should().Be(HttpStatusCode.OK);
        (await MeAsync(foreign + "x")).Should().Be(HttpStatusCode.Unauthorized);
        (await MeAsync(Foreign())).Should().Be(HttpStatusCode.Unauthorized);

        var (_, audit) = await owner.GetJsonAsync($"/v1/organizations/{org}/audit-events?action=api_key.imported");
        audit!["audit_events"]!.AsArray().Should().ContainSingle().Which!["target"]!.GetValue<string>().Should().Be("2");
    }

    [Fact]
    public async Task ByPlaintext_TheTokenIsHashedAtImport_AndRevokingStopsItAtOnce()
    {
        var (org, ownerKey) = await factory.CreateOrganizationAsync();
        var owner = factory.WithToken(ownerKey);
        var (foreign, native) = (Foreign(), Native());

        var (response, body) = await owner.PostJsonAsync(Import(org), new
        {
            keys = new object[] { new { name = "foreign", plaintext = foreign }, new { name = "native", plaintext = native } },
        });
        response.StatusCode.Should().Be(HttpStatusCode.Created, body?.ToJsonString());
        var imported = body!["imported"]!.AsArray();
        imported.Should().HaveCount(2);
        imported[1]!["api_key"]!["key_prefix"]!.GetValue<string>().Should().Be(native[..16], "a native token keeps its own prefix");
        imported.Select(i => i!["api_key"]!["key"]).Should().AllSatisfy(k => k.Should().BeNull("an imported key is secure: never shown"));
        body.ToJsonString().Should().NotContain(foreign).And.NotContain(native);
        foreach (var i in imported)
        {
            (await StoredHashAsync(i!["api_key"]!["id"]!.GetValue<string>())).Should().StartWith("$argon2id$");
        }

        (await MeAsync(foreign)).Should().Be(HttpStatusCode.OK);
        (await MeAsync(native)).Should().Be(HttpStatusCode.OK);

        var id = imported[0]!["api_key"]!["id"]!.GetValue<string>();
        (await owner.DeleteAsync($"/v1/organizations/{org}/api-keys/{id}", TestContext.Current.CancellationToken)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await MeAsync(foreign)).Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Duplicates_FailTheirEntryOnly_WithinACall_AcrossCalls_AndAcrossForms()
    {
        var (org, ownerKey) = await factory.CreateOrganizationAsync();
        var owner = factory.WithToken(ownerKey);
        var (foreign, native, other) = (Foreign(), Native(), Foreign());
        (await owner.PostJsonAsync(Import(org), new { keys = new object[] { new { name = "n", hash = Hashed(native) } } })).Response.StatusCode.Should().Be(HttpStatusCode.Created);

        var (response, body) = await owner.PostJsonAsync(Import(org), new
        {
            keys = new object[]
            {
                new { name = "first", plaintext = foreign },
                new { name = "again in the call", hash = Hashed(foreign) },
                new { name = "the native, now as plaintext", plaintext = native },
                new { name = "an existing key", plaintext = ownerKey },
                new { name = "fine", plaintext = other },
            },
        });
        response.StatusCode.Should().Be(HttpStatusCode.Created, body?.ToJsonString());
        body!["imported"]!.AsArray().Select(i => i!["index"]!.GetValue<int>()).Should().Equal(0, 4);
        var failed = body["failed"]!.AsArray();
        failed.Select(f => f!["index"]!.GetValue<int>()).Should().Equal(1, 2, 3);
        failed.Select(f => f!["code"]!.GetValue<string>()).Should().AllBe("duplicate_key");
        body.ToJsonString().Should().NotContain(ownerKey);

        // Across calls.
        var (_, again) = await owner.PostJsonAsync(Import(org), new { keys = new object[] { new { name = "later", hash = Hashed(other) } } });
        again!["failed"]!.AsArray().Should().ContainSingle().Which!["code"]!.GetValue<string>().Should().Be("duplicate_key");
        (await MeAsync(ownerKey)).Should().Be(HttpStatusCode.OK);
    }

    public static TheoryData<string, string> BadEntries => new()
    {
        { """{"name": "x"}""", "hash" },
        { """{"name": "x", "plaintext": "sk_live_0123456789abcdef", "hash": {"algorithm": "sha256", "value": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="}}""", "hash" },
        { """{"name": "x", "hash": {"algorithm": "md5", "value": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="}}""", "hash.algorithm" },
        { """{"name": "x", "hash": {"algorithm": "sha256", "value": "AAAA"}}""", "hash.value" },
        { """{"name": "x", "hash": {"algorithm": "sha256", "value": "not base64 at all!"}}""", "hash.value" },
        { """{"name": "x", "plaintext": "short"}""", "plaintext" },
        { """{"name": "x", "plaintext": "has a space in it, so no"}""", "plaintext" },
        { """{"name": "x", "plaintext": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1In0.c2ln"}""", "plaintext" },
        { """{"name": "x", "plaintext": "capy_live_aWFeOgd23eOp1ARVjVEeNJPXGyijpXUw1MDPZ0"}""", "plaintext" },
        { """{"plaintext": "sk_live_0123456789abcdef"}""", "Name" },
        { """{"name": "x", "plaintext": "sk_live_0123456789abcdef", "org_role": "org_emperor"}""", "OrgRole" },
        { """{"name": "x", "plaintext": "sk_live_0123456789abcdef", "expires_at": "2001-01-01T00:00:00Z"}""", "expires_at" },
    };

    [Theory]
    [MemberData(nameof(BadEntries))]
    public async Task ABadEntry_FailsAlone_NamingWhatIsWrong(string entry, string field)
    {
        var (org, ownerKey) = await factory.CreateOrganizationAsync();
        var owner = factory.WithToken(ownerKey);
        var good = Foreign();
        var json = $$"""{"keys": [{{entry}}, {"name": "good", "plaintext": "{{good}}"}]}""";
        var response = await owner.PostAsync(Import(org), new StringContent(json, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        response.StatusCode.Should().Be(HttpStatusCode.Created, body.ToJsonString());
        body["imported"]!.AsArray().Should().ContainSingle().Which!["index"]!.GetValue<int>().Should().Be(1);
        var failure = body["failed"]!.AsArray().Should().ContainSingle().Subject!;
        failure["index"]!.GetValue<int>().Should().Be(0);
        failure["code"]!.GetValue<string>().Should().BeOneOf("validation_failed", "key_policy_expiry", "expires_at_in_past");
        failure["error"]!.GetValue<string>().Should().NotBeNullOrWhiteSpace();
        _ = field;
        body.ToJsonString().Should().NotContain("sk_live_0123456789abcdef");
        (await MeAsync(good)).Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task TheCall_HoldsOneToAThousandKeys_AndABodyUpTo1MiB()
    {
        var (org, ownerKey) = await factory.CreateOrganizationAsync();
        var owner = factory.WithToken(ownerKey);
        var ct = TestContext.Current.CancellationToken;

        var (empty, emptyBody) = await owner.PostJsonAsync(Import(org), new { keys = Array.Empty<object>() });
        empty.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        emptyBody!["code"]!.GetValue<string>().Should().Be("validation_failed");
        (await owner.PostJsonAsync(Import(org), new { })).Response.StatusCode.Should().Be(HttpStatusCode.BadRequest);

        var tooMany = Enumerable.Range(0, 1001).Select(i => new { name = $"k{i}", hash = Hashed(Foreign()) }).ToArray();
        (await owner.PostJsonAsync(Import(org), new { keys = tooMany })).Response.StatusCode.Should().Be(HttpStatusCode.BadRequest);

        // A thousand hashed keys: over 64 KiB (the limit of every other route), under 1 MiB.
        var thousand = Enumerable.Range(0, 1000).Select(i => new { name = $"k{i}", hash = Hashed(Foreign()) }).ToArray();
        var content = JsonContent.Create(new { keys = thousand });
        await content.LoadIntoBufferAsync(ct);
        content.Headers.ContentLength.Should().BeGreaterThan(64 * 1024);
        var response = await owner.PostAsync(Import(org), content, ct);
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(ct));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!;
        body["imported"]!.AsArray().Should().HaveCount(1000);

        var huge = new StringContent($$"""{"keys": [{"name": "{{new string('x', 1024 * 1024)}}"}]}""", Encoding.UTF8, "application/json");
        var overImport = await owner.PostAsync(Import(org), huge, ct);
        overImport.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await overImport.Content.ReadAsStringAsync(ct)).Should().Contain("1 MiB", "the refusal names the limit of the route");

        // Every other route keeps 64 KiB.
        var big = new StringContent($$"""{"name": "{{new string('x', 70 * 1024)}}"}""", Encoding.UTF8, "application/json");
        var overCreate = await owner.PostAsync($"/v1/organizations/{org}/api-keys", big, ct);
        overCreate.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await overCreate.Content.ReadAsStringAsync(ct)).Should().Contain("64 KiB");
    }

    [Fact]
    public async Task TheCaller_ImportsNoPowerItDoesNotCover_AndAMemberKeyCannotImport()
    {
        var (org, ownerKey) = await factory.CreateOrganizationAsync();
        var owner = factory.WithToken(ownerKey);
        var admin = factory.WithToken((await owner.CreateKeyAsync(org, new { name = "admin", org_role = "org_admin" })).Token);
        var member = factory.WithToken((await owner.CreateKeyAsync(org, new { name = "member", org_role = "org_member" })).Token);
        var (ownerToken, memberToken) = (Foreign(), Foreign());

        var (response, body) = await admin.PostJsonAsync(Import(org), new
        {
            keys = new object[] { new { name = "an owner", plaintext = ownerToken, org_role = "org_owner" }, new { name = "a member", plaintext = memberToken, org_role = "org_member" } },
        });
        response.StatusCode.Should().Be(HttpStatusCode.Created, body?.ToJsonString());
        body!["failed"]!.AsArray().Should().ContainSingle().Which!["index"]!.GetValue<int>().Should().Be(0);
        (await MeAsync(ownerToken)).Should().Be(HttpStatusCode.Unauthorized, "the refused entry made no key");
        (await MeAsync(memberToken)).Should().Be(HttpStatusCode.OK);

        var (refused, _) = await member.PostJsonAsync(Import(org), new { keys = new object[] { new { name = "x", plaintext = Foreign() } } });
        refused.StatusCode.Should().Be(HttpStatusCode.Forbidden);

        // Another organization's import route is 404, never 403.
        var (otherOrg, _) = await factory.CreateOrganizationAsync();
        (await owner.PostJsonAsync(Import(otherOrg), new { keys = new object[] { new { name = "x", plaintext = Foreign() } } })).Response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ConcurrentImportsOfOneToken_MakeOneKey()
    {
        var (org, ownerKey) = await factory.CreateOrganizationAsync();
        var owner = factory.WithToken(ownerKey);
        for (var trial = 0; trial < 5; trial++)
        {
            var token = Foreign();
            var calls = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => owner.PostJsonAsync(Import(org), new
            {
                keys = new object[] { i % 2 == 0 ? new { name = $"c{i}", hash = (object?)Hashed(token), plaintext = (string?)null } : new { name = $"c{i}", hash = (object?)null, plaintext = (string?)token } },
            })));
            calls.Select(c => c.Response.StatusCode).Should().AllSatisfy(s => s.Should().BeOneOf(HttpStatusCode.Created, HttpStatusCode.Conflict), $"trial {trial}");
            var made = calls.Where(c => c.Response.StatusCode == HttpStatusCode.Created).Sum(c => c.Body!["imported"]!.AsArray().Count);
            made.Should().Be(1, $"trial {trial}: one token, one key");
            (await MeAsync(token)).Should().Be(HttpStatusCode.OK);
        }
    }
}
