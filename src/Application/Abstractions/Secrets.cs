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
}

public readonly record struct SecretVerification(bool Succeeded, bool NeedsRehash);

/// <summary>Encrypts plain (non-secure) keys at rest so they can be shown again; the key ring is shared by all nodes.</summary>
public interface ISecretProtector
{
    string Protect(string plaintext);

    string? Unprotect(string protectedText);
}
