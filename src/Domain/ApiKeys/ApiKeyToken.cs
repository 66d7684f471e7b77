using System.Buffers;
using System.Diagnostics.CodeAnalysis;

namespace ApiKeys.Domain.ApiKeys;

/// <summary>
/// A well-formed token (docs/api.md §1): <c>capy_live_</c>, 32 random base62 characters, then 6 base62 characters
/// of the CRC-32 of the first 42. Parsing checks everything without I/O, so a mistyped or forged token costs nothing.
/// <see cref="ToString"/> shows only the public prefix: a token never reaches a log by accident.
/// </summary>
public sealed class ApiKeyToken
{
    public const string Scheme = "capy_live_";
    public const int RandomLength = 32;
    public const int ChecksumLength = 6;
    public const int Length = 48;
    public const int KeyPrefixLength = 16;
    public const string Base62Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private static readonly SearchValues<char> Base62 = SearchValues.Create(Base62Alphabet);

    private readonly string _value;

    private ApiKeyToken(string value) => _value = value;

    /// <summary>The first 16 characters: public, safe to log, the lookup key of the row.</summary>
    public string KeyPrefix => _value[..KeyPrefixLength];

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
        return new(body + Checksum(body));
    }

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

        token = new(text);
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
