using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace ApiKeys.Domain.ApiKeys;

/// <summary>
/// A well-formed token (docs/api.md §1): <c>capy_live_</c>, 32 random base62 characters, then 6 base62 characters
/// of the CRC-32 of the first 42. Parsing checks everything without I/O, so a mistyped or forged token costs nothing.
/// An imported token (§4) keeps the text it had elsewhere; its row is found by <see cref="ImportedPrefix"/>, drawn
/// from its SHA-256. <see cref="ToString"/> shows only the public prefix: a token never reaches a log by accident.
/// </summary>
public sealed class ApiKeyToken
{
    public const string Scheme = "capy_live_";
    public const int RandomLength = 32;
    public const int ChecksumLength = 6;
    public const int Length = 48;
    public const int KeyPrefixLength = 16;
    public const string Base62Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /// <summary>How the prefix of an imported token starts: never a native prefix, which starts with <see cref="Scheme"/>.</summary>
    public const string ImportedScheme = "imp_";
    public const int ImportedMinLength = 16;
    public const int ImportedMaxLength = 128;

    private static readonly SearchValues<char> Base62 = SearchValues.Create(Base62Alphabet);

    private readonly string _value;

    private ApiKeyToken(string value, string keyPrefix)
    {
        _value = value;
        KeyPrefix = keyPrefix;
    }

    /// <summary>
    /// Public, safe to log, the lookup key of the row: a native token's first 16 characters; an imported token's
    /// <see cref="ImportedPrefix"/>.
    /// </summary>
    public string KeyPrefix { get; }

    /// <summary>Whether the token is in another system's shape (not <c>capy_live_</c>).</summary>
    public bool IsForeign => !_value.StartsWith(Scheme, StringComparison.Ordinal);

    /// <summary>Whether the row is looked up by the token's SHA-256 (<see cref="ImportedPrefix"/>), not by its text.</summary>
    public bool IsLookedUpByDigest => KeyPrefix.StartsWith(ImportedScheme, StringComparison.Ordinal);

    /// <summary>
    /// The prefix an imported key is stored under: <c>imp_</c> and 12 base64url characters (72 bits) of the token's
    /// SHA-256, so a key imported by its hash alone is found by the token without the token's text being known.
    /// </summary>
    public string ImportedPrefix => ImportedPrefixOf(SHA256.HashData(Encoding.ASCII.GetBytes(_value)));

    /// <summary>This token, looked up by <see cref="ImportedPrefix"/>: a native-shaped token imported by its hash.</summary>
    public ApiKeyToken AsImported() => IsLookedUpByDigest ? this : new(_value, ImportedPrefix);

    public static string ImportedPrefixOf(ReadOnlySpan<byte> sha256) =>
        ImportedScheme + Convert.ToBase64String(sha256[..9]).Replace('+', '-').Replace('/', '_');

    /// <summary>The whole secret token. Only the hasher, the cache key and the one response that issues it may read it.</summary>
    public string Reveal() => _value;

    /// <summary>Builds a token from 32 random base62 characters, appending the checksum.</summary>
    public static ApiKeyToken FromRandom(ReadOnlySpan<char> random)
    {
        if (random.Length != RandomLength || random.ContainsAnyExcept(Base62))
        {
            throw new ArgumentException($"A token's random part is {RandomLength} base62 characters.", nameof(random));
        }

        var body = string.Concat(Scheme, random);
        var text = body + Checksum(body);
        return new(text, text[..KeyPrefixLength]);
    }

    /// <summary>
    /// A presented token: a well-formed native one (<see cref="TryParse"/>), or an imported one in another shape,
    /// 16 to 128 printable ASCII characters without spaces. Text starting with <c>capy_live_</c> is native only: its checksum decides.
    /// </summary>
    public static bool TryRead([NotNullWhen(true)] string? text, [NotNullWhen(true)] out ApiKeyToken? token)
    {
        if (TryParse(text, out token))
        {
            return true;
        }

        if (!IsForeignShape(text))
        {
            return false;
        }

        token = new(text, ImportedPrefixOf(SHA256.HashData(Encoding.ASCII.GetBytes(text))));
        return true;
    }

    /// <summary>Whether a bearer token looks like a JWT (<c>eyJ…</c> with dots): read as one, never as a key.</summary>
    public static bool LooksLikeJwt(string text) => text.StartsWith("eyJ", StringComparison.Ordinal) && text.Contains('.');

    /// <summary>Whether <paramref name="text"/> is an importable token of another system's shape.</summary>
    public static bool IsForeignShape([NotNullWhen(true)] string? text) =>
        text is { Length: >= ImportedMinLength and <= ImportedMaxLength }
        && !text.StartsWith(Scheme, StringComparison.Ordinal)
        && !text.AsSpan().ContainsAnyExceptInRange('!', '~');

    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out ApiKeyToken? token)
    {
        token = null;
        if (text is not { Length: Length }
            || !text.StartsWith(Scheme, StringComparison.Ordinal)
            || text.AsSpan(Scheme.Length).ContainsAnyExcept(Base62))
        {
            return false;
        }

        var body = text.AsSpan(0, Length - ChecksumLength);
        if (!text.AsSpan(Length - ChecksumLength).SequenceEqual(Checksum(body)))
        {
            return false;
        }

        token = new(text, text[..KeyPrefixLength]);
        return true;
    }

    /// <summary>The 6-character base62 CRC-32 of <paramref name="body"/>, most significant digit first, padded with '0'.</summary>
    public static string Checksum(ReadOnlySpan<char> body)
    {
        // IEEE CRC-32 (zlib's crc32) of the text's bytes: a token is ASCII, one byte a character.
        Span<byte> bytes = body.Length <= 256 ? stackalloc byte[body.Length] : new byte[body.Length];
        for (var i = 0; i < body.Length; i++)
        {
            bytes[i] = (byte)body[i];
        }

        var crc = System.IO.Hashing.Crc32.HashToUInt32(bytes);
        Span<char> digits = stackalloc char[ChecksumLength];
        for (var i = ChecksumLength - 1; i >= 0; i--)
        {
            digits[i] = Base62Alphabet[(int)(crc % 62)];
            crc /= 62;
        }

        return new string(digits);
    }

    public override string ToString() => KeyPrefix + "…";
}
