using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ApiKeys.Infrastructure.Security.KeyRing;

/// <summary>Loads the key ring's certificates; the same checks serve start-up validation and registration.</summary>
public static class KeyRingCertificates
{
    /// <returns>The certificate, or the reason it cannot protect the ring.</returns>
    public static (X509Certificate2? Certificate, string? Problem) TryLoad(string path, string? password)
    {
        if (!File.Exists(path))
        {
            return (null, $"no file at '{path}'.");
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (CryptographicException)
        {
            return (null, $"'{path}' is not a PKCS#12 (.pfx) file that opens with the configured password.");
        }

        if (!certificate.HasPrivateKey || certificate.GetRSAPrivateKey() is not { } rsa)
        {
            certificate.Dispose();
            return (null, $"'{path}' must hold an RSA certificate with its private key.");
        }

        rsa.Dispose();
        return (certificate, null);
    }

    /// <summary>The current certificate and the previous ones that load; problems are left to the validator.</summary>
    public static (X509Certificate2? Current, X509Certificate2[] All) LoadAll(KeyRingOptions options)
    {
        var current = options.IsProtected ? TryLoad(options.CertificatePath!, options.CertificatePassword).Certificate : null;
        var previous = options.PreviousCertificates
            .Where(file => !string.IsNullOrWhiteSpace(file.Path))
            .Select(file => TryLoad(file.Path!, file.Password).Certificate)
            .OfType<X509Certificate2>();
        return (current, current is null ? [.. previous] : [current, .. previous]);
    }
}
