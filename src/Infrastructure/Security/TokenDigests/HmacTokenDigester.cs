using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using ApiKeys.Application.Abstractions;

namespace ApiKeys.Infrastructure.Security.TokenDigests;

/// <summary>
/// HMAC-SHA256 of the token under a digest key, stored as <c>keyId:base64</c>. New digests use the newest key; a
/// digest under an older key this node still holds is accepted (and rewritten by the caller); one under a key it does
/// not hold matches nothing, so the token is verified with Argon2id.
/// </summary>
public sealed class HmacTokenDigester : ITokenDigester
{
    private const int MacBytes = HMACSHA256.HashSizeInBytes;
    private const int MaxTokenBytes = 256;

    private readonly TokenDigestKey _newest;
    private readonly FrozenDictionary<string, TokenDigestKey> _byId;
    private readonly FrozenDictionary<string, TokenDigestKey>.AlternateLookup<ReadOnlySpan<char>> _byIdSpan;

    public HmacTokenDigester(IReadOnlyList<TokenDigestKey> keys)
    {
        ArgumentOutOfRangeException.ThrowIfZero(keys.Count);
        _newest = keys[0];
        _byId = keys.ToFrozenDictionary(k => k.Id, StringComparer.Ordinal);
        _byIdSpan = _byId.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public string? Digest(string token)
    {
        Span<byte> mac = stackalloc byte[MacBytes];
        return Compute(_newest, token, mac) ? $"{_newest.Id}:{Convert.ToBase64String(mac)}" : null;
    }

    public DigestMatch Match(string token, string storedDigest)
    {
        var colon = storedDigest.IndexOf(':');
        if (colon <= 0 || !_byIdSpan.TryGetValue(storedDigest.AsSpan(0, colon), out var key))
        {
            return DigestMatch.None;
        }

        Span<byte> stored = stackalloc byte[MacBytes + 3];
        Span<byte> actual = stackalloc byte[MacBytes];
        if (!Convert.TryFromBase64Chars(storedDigest.AsSpan(colon + 1), stored, out var length) || length != MacBytes || !Compute(key, token, actual))
        {
            return DigestMatch.None;
        }

        if (!CryptographicOperations.FixedTimeEquals(actual, stored[..MacBytes]))
        {
            return DigestMatch.None;
        }

        return ReferenceEquals(key, _newest) ? DigestMatch.Current : DigestMatch.OlderKey;
    }

    private static bool Compute(TokenDigestKey key, string token, Span<byte> mac)
    {
        if (token.Length > MaxTokenBytes)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[MaxTokenBytes];
        var length = Encoding.UTF8.GetBytes(token, bytes);
        HMACSHA256.HashData(key.Secret, bytes[..length], mac);
        CryptographicOperations.ZeroMemory(bytes[..length]);
        return true;
    }
}
