using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace ApiKeys.Domain.ApiKeys;

/// <summary>
/// The stored hash of a key imported by the SHA-256 of its token (docs/api.md §4), in the PHC shape
/// <c>$sha256$&lt;base64&gt;</c>: it verifies by SHA-256 until the key's first successful use, which re-hashes it with Argon2id.
/// </summary>
public static class ImportedSha256
{
    public const string Prefix = "$sha256$";
    public const int Bytes = 32;

    public static string Format(ReadOnlySpan<byte> digest) => Prefix + Convert.ToBase64String(digest);

    public static bool TryRead(string hash, [NotNullWhen(true)] out byte[]? digest)
    {
        digest = null;
        if (!hash.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        digest = new byte[Bytes];
        return Convert.TryFromBase64String(hash[Prefix.Length..], digest, out var written) && written == Bytes;
    }

    public static bool Matches(string token, byte[] digest) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.ASCII.GetBytes(token)), digest);
}
