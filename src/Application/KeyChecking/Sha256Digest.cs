using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace ApiKeys.Application.KeyChecking;

/// <summary>
/// A SHA-256 held as a value (32 bytes, no array): what the hot path keeps of a token, or of the stored hash a token
/// matched, where a 64-character hex string or a whole PHC string would cost hundreds of bytes per cached key.
/// </summary>
public readonly record struct Sha256Digest(ulong A, ulong B, ulong C, ulong D)
{
    /// <summary>The digest of <paramref name="text"/>'s UTF-8 bytes (a token's or a PHC string's ASCII).</summary>
    public static Sha256Digest Of(string text)
    {
        var length = Encoding.UTF8.GetByteCount(text);
        var bytes = length <= 256 ? stackalloc byte[length] : new byte[length];
        Encoding.UTF8.GetBytes(text, bytes);
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(bytes, digest);
        return new(
            BinaryPrimitives.ReadUInt64BigEndian(digest),
            BinaryPrimitives.ReadUInt64BigEndian(digest[8..]),
            BinaryPrimitives.ReadUInt64BigEndian(digest[16..]),
            BinaryPrimitives.ReadUInt64BigEndian(digest[24..]));
    }
}
