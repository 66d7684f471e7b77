using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace ApiKeys.Api.SecretScanning;

/// <summary>
/// GitHub's secret scanning partner protocol signs the raw body with ECDSA P-256 / SHA-256: the key is named by
/// <c>Github-Public-Key-Identifier</c>, the DER signature is base64 in <c>Github-Public-Key-Signature</c>.
/// </summary>
public sealed class GitHubSignature(IOptions<SecretScanningOptions> options)
{
    public const string IdentifierHeader = "Github-Public-Key-Identifier";
    public const string SignatureHeader = "Github-Public-Key-Signature";

    public bool IsValid(string? identifier, string? signature, ReadOnlySpan<byte> body)
    {
        if (identifier is null || signature is null || !options.Value.PublicKeys.TryGetValue(identifier, out var pem) || !TryImport(pem, out var key))
        {
            return false;
        }

        using (key)
        {
            var bytes = new byte[signature.Length];
            return Convert.TryFromBase64String(signature, bytes, out var length)
                && key.VerifyData(body, bytes.AsSpan(0, length), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }
    }

    public static bool TryImport(string pem, [NotNullWhen(true)] out ECDsa? key)
    {
        key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
            if (key.KeySize == 256)
            {
                return true;
            }
        }
        catch (Exception exception) when (exception is ArgumentException or CryptographicException)
        {
        }

        key.Dispose();
        key = null;
        return false;
    }
}
