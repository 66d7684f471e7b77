using System.Net;
using System.Text.Json.Nodes;
using ApiKeys.Api.Tests.Harness;
using ApiKeys.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ApiKeys.Api.Tests.KeyRing;

/// <summary>
/// The Data Protection key ring (stored in the database, it encrypts plain keys) is itself encrypted with the
/// configured certificate, so a database dump holds no usable key material; certificates can be rotated.
/// </summary>
public sealed class KeyRingTests : IDisposable
{
    private const string Password = "pfx-password-for-tests";
    private readonly string _certificates = Path.Combine(Path.GetTempPath(), "apikeys-keyring-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_certificates))
        {
            Directory.Delete(_certificates, recursive: true);
        }

        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task WithACertificate_TheStoredRingIsEncrypted_AndPlainKeysAreStillShown()
    {
        var first = KeyRingFactory.CreateCertificate(_certificates, "first", Password);
        await using var factory = new KeyRingFactory(TestDatabase.FromEnvironment(), ownsDatabase: true, Protected(first));
        await factory.InitializeAsync();
        var key = await CreatePlainKeyAsync(factory);

        var ring = await StoredRingAsync(factory);
        ring.Should().NotBeEmpty();
        foreach (var xml in ring)
        {
            xml.Should().Contain("EncryptedData", "each ring key is encrypted to the certificate");
            xml.Should().NotContain("<value>", "no ring key is stored in its unencrypted form");
            xml.Should().NotContain("unencrypted form");
        }

        (await ShownKeyAsync(factory, key)).Should().Be(key.Plaintext);
        var (ready, health) = await factory.Anonymous().GetJsonAsync("/health/ready");
        ready.StatusCode.Should().Be(HttpStatusCode.OK);
        health!["status"]!.GetValue<string>().Should().Be("Healthy");
    }

    [Fact]
    public async Task RotatedCertificate_OldRingKeysStillDecryptWithThePreviousOne_AndNotWithoutIt()
    {
        var first = KeyRingFactory.CreateCertificate(_certificates, "first", Password);
        var second = KeyRingFactory.CreateCertificate(_certificates, "second", "another-password");
        var database = TestDatabase.FromEnvironment();
        await using var original = new KeyRingFactory(database, ownsDatabase: true, Protected(first));
        await original.InitializeAsync();
        var key = await CreatePlainKeyAsync(original);

        var rotated = new Dictionary<string, string?>
        {
            ["DataProtection:CertificatePath"] = second,
            ["DataProtection:CertificatePassword"] = "another-password",
            ["DataProtection:PreviousCertificates:0:Path"] = first,
            ["DataProtection:PreviousCertificates:0:Password"] = Password,
        };
        await using (var afterRotation = new KeyRingFactory(database, ownsDatabase: false, rotated))
        {
            await afterRotation.InitializeAsync();
            (await ShownKeyAsync(afterRotation, key)).Should().Be(key.Plaintext, "the previous certificate still decrypts the ring key that encrypted it");
        }

        await using var withoutTheOldCertificate = new KeyRingFactory(database, ownsDatabase: false, Protected(second, "another-password"));
        await withoutTheOldCertificate.InitializeAsync();
        (await ShownKeyAsync(withoutTheOldCertificate, key)).Should().BeNull("the ring key is unreadable without the certificate it was encrypted to: the database alone does not reveal it");
    }

    [Fact]
    public async Task WithoutACertificate_ReadyIsDegraded_Still200_NamingTheUnprotectedRing()
    {
        await using var factory = new KeyRingFactory(TestDatabase.FromEnvironment(), ownsDatabase: true, new Dictionary<string, string?>());
        await factory.InitializeAsync();

        var (response, body) = await factory.Anonymous().GetJsonAsync("/health/ready");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        body!["status"]!.GetValue<string>().Should().Be("Degraded");
        var check = body["checks"]!["data_protection_key_ring"]!;
        check["status"]!.GetValue<string>().Should().Be("Degraded");
        check["description"]!.GetValue<string>().Should().Contain("key ring is stored unencrypted").And.Contain("DataProtection__CertificatePath");
    }

    private static Dictionary<string, string?> Protected(string path, string password = Password) => new()
    {
        ["DataProtection:CertificatePath"] = path,
        ["DataProtection:CertificatePassword"] = password,
    };

    private sealed record PlainKey(string Org, string OwnerKey, string Id, string Plaintext);

    private static async Task<PlainKey> CreatePlainKeyAsync(ApiFactory factory)
    {
        var (org, ownerKey) = await factory.CreateOrganizationAsync();
        var (created, body) = await factory.WithToken(ownerKey).PostJsonAsync($"/v1/organizations/{org}/api-keys", new { name = "plain", secure = false });
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        return new(org, ownerKey, body!["api_key"]!["id"]!.GetValue<string>(), body["plaintext_api_key"]!.GetValue<string>());
    }

    /// <summary>The plain key as GET shows it (decrypted with the ring), or null when the ring cannot decrypt it.</summary>
    private static async Task<string?> ShownKeyAsync(ApiFactory factory, PlainKey key)
    {
        var (response, body) = await factory.WithToken(key.OwnerKey).GetJsonAsync($"/v1/organizations/{key.Org}/api-keys/{key.Id}");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return body!["api_key"]!["key"] is JsonValue value ? value.GetValue<string>() : null;
    }

    private static async Task<List<string>> StoredRingAsync(ApiFactory factory)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.DataProtectionKeys.AsNoTracking().Select(k => k.Xml!).ToListAsync();
    }
}
