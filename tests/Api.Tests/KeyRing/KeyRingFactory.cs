using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ApiKeys.Api.Tests.Harness;

namespace ApiKeys.Api.Tests.KeyRing;

/// <summary>The service with extra key-ring settings, on a database it may share with an earlier instance (a restart).</summary>
public sealed class KeyRingFactory(TestDatabase database, bool ownsDatabase, IDictionary<string, string?> keyRingSettings) : ApiFactory(database)
{
    protected override bool OwnsDatabase => ownsDatabase;

    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = base.Settings;
            foreach (var (key, value) in keyRingSettings)
            {
                settings[key] = value;
            }

            return settings;
        }
    }

    /// <summary>A self-signed RSA certificate with its private key in a password-protected .pfx, as the openssl commands of docs/operations.md make.</summary>
    public static string CreateCertificate(string directory, string name, string password)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest($"CN=ApiKeys key ring {name}", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name + ".pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, password));
        return path;
    }
}
