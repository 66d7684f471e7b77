using ApiKeys.Application.Abstractions;

namespace ApiKeys.Api.Tests.Harness;

/// <summary>The real Argon2id hasher, counting its verifications.</summary>
public sealed class CountingHasher(ISecretHasher inner) : ISecretHasher
{
    private int _verifications;

    public int Verifications => Volatile.Read(ref _verifications);

    public string Hash(string secret) => inner.Hash(secret);

    public bool NeedsRehash(string phcHash) => inner.NeedsRehash(phcHash);

    public SecretVerification Verify(string secret, string phcHash)
    {
        Interlocked.Increment(ref _verifications);
        return inner.Verify(secret, phcHash);
    }
}
