using ApiKeys.Domain.ApiKeys;

namespace ApiKeys.Application.Abstractions;

/// <summary>Draws new tokens from a cryptographic random source.</summary>
public interface ITokenGenerator
{
    ApiKeyToken Generate();
}

/// <summary>Argon2id hashing of tokens, stored as self-describing PHC strings.</summary>
public interface ISecretHasher
{
    string Hash(string secret);

    /// <summary>Constant-time verification; <see cref="SecretVerification.NeedsRehash"/> when the hash used older parameters.</summary>
    SecretVerification Verify(string secret, string phcHash);

    /// <summary>Whether <paramref name="phcHash"/> was made with other parameters than new hashes use (a parse, no hashing).</summary>
    bool NeedsRehash(string phcHash) => false;
}

public readonly record struct SecretVerification(bool Succeeded, bool NeedsRehash);

/// <summary>Encrypts plain (non-secure) keys at rest so they can be shown again; the key ring is shared by all nodes.</summary>
public interface ISecretProtector
{
    string Protect(string plaintext);

    string? Unprotect(string protectedText);
}

/// <summary>
/// Keyed digests of tokens: an HMAC-SHA256 under a secret kept outside the database, stored beside a token's Argon2id
/// hash once it verified, so that any node holding the secret recognises the token again in microseconds. A copy of
/// the database alone tests no guess faster than Argon2id allows.
/// </summary>
public interface ITokenDigester
{
    /// <summary>The digest of <paramref name="token"/> under the newest digest key; <see langword="null"/> when none is configured.</summary>
    string? Digest(string token);

    /// <summary>Whether <paramref name="storedDigest"/> is <paramref name="token"/>'s under a digest key this node holds (constant time).</summary>
    DigestMatch Match(string token, string storedDigest);
}

public enum DigestMatch
{
    /// <summary>Not this token's, or made under a key this node does not hold: verify with Argon2id.</summary>
    None,

    /// <summary>This token's, under the newest key.</summary>
    Current,

    /// <summary>This token's, under an older key still accepted: rewrite it under the newest.</summary>
    OlderKey,
}

/// <summary>No digest key: every token that is not in a cache is verified with Argon2id.</summary>
public sealed class NoTokenDigester : ITokenDigester
{
    public static NoTokenDigester Instance { get; } = new();

    public string? Digest(string token) => null;

    public DigestMatch Match(string token, string storedDigest) => DigestMatch.None;
}
