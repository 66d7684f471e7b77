using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace ApiKeys.Infrastructure.Security.TokenDigests;

/// <summary>One secret digests are made with, and the id stored beside each digest so the secret can be rotated.</summary>
public sealed partial class TokenDigestKey
{
    public const int MinSecretBytes = 32;

    private TokenDigestKey(string id, byte[] secret)
    {
        Id = id;
        Secret = secret;
    }

    public string Id { get; }

    public byte[] Secret { get; }

    public static TokenDigestKey New(string id) => new(id, RandomNumberGenerator.GetBytes(MinSecretBytes));

    public string Format() => $"{Id}:{Convert.ToBase64String(Secret)}";

    /// <summary>
    /// Reads <c>id:base64</c> entries separated by commas or line breaks (lines starting with <c>#</c> are comments),
    /// newest first.
    /// </summary>
    /// <returns>The keys, or what is wrong with the text (never the secret itself).</returns>
    public static (IReadOnlyList<TokenDigestKey> Keys, string? Problem) ParseAll(string text)
    {
        var keys = new List<TokenDigestKey>();
        var entries = text.Split(['\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => !line.StartsWith('#'))
            .SelectMany(line => line.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        foreach (var entry in entries)
        {
            var colon = entry.IndexOf(':');
            var id = colon > 0 ? entry[..colon] : string.Empty;
            if (!IdPattern().IsMatch(id))
            {
                return ([], "each entry is id:base64, the id 1 to 32 letters, digits, - or _.");
            }

            var secret = new byte[entry.Length];
            if (!Convert.TryFromBase64String(entry[(colon + 1)..], secret, out var length) || length < MinSecretBytes)
            {
                return ([], $"the secret of '{id}' is not base64 of {MinSecretBytes} or more bytes (openssl rand -base64 32).");
            }

            if (keys.Any(k => k.Id == id))
            {
                return ([], $"the id '{id}' is used twice.");
            }

            keys.Add(new TokenDigestKey(id, secret[..length]));
        }

        return keys.Count == 0 ? ([], "holds no key.") : (keys, null);
    }

    public override string ToString() => $"TokenDigestKey {{ Id = {Id} }}";

    [GeneratedRegex("^[A-Za-z0-9_-]{1,32}$")]
    private static partial Regex IdPattern();
}
