using ApiKeys.Application.Abstractions;
using ApiKeys.Domain.ApiKeys;

namespace ApiKeys.Application.Tests.Fakes;

/// <summary>Well-formed tokens, each new (a counter in the random part), so that tests can tell secrets apart.</summary>
public sealed class SequentialTokens : ITokenGenerator
{
    private int _next;

    public ApiKeyToken Generate()
    {
        var n = Interlocked.Increment(ref _next);
        return ApiKeyToken.FromRandom($"{n:D6}{new string('x', ApiKeyToken.RandomLength - 6)}");
    }
}

/// <summary>A stand-in for Argon2id: the hash names the secret (tests never store real ones) and verification compares.</summary>
public sealed class FakeHasher : ISecretHasher
{
    public string Hash(string secret) => "$fake$" + string.Concat(secret.Reverse());

    public SecretVerification Verify(string secret, string phcHash) => new(Hash(secret) == phcHash, false);
}

public sealed class FakeProtector : ISecretProtector
{
    public string Protect(string plaintext) => "enc:" + string.Concat(plaintext.Reverse());

    public string? Unprotect(string protectedText) => protectedText.StartsWith("enc:", StringComparison.Ordinal) ? string.Concat(protectedText[4..].Reverse()) : null;
}
