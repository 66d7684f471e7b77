namespace ApiKeys.Infrastructure.Security;

/// <summary>The cost parameters of one Argon2id computation, as a PHC string names them (m, t, p).</summary>
public readonly record struct Argon2Cost(int MemoryKiB, int Iterations, int Parallelism);

/// <summary>One Argon2id implementation: derives <paramref name="output"/>.Length bytes from a secret and a salt.</summary>
public interface IArgon2Function
{
    /// <summary>Whether this implementation can compute these parameters (libsodium has a fixed salt size and p = 1).</summary>
    bool Supports(Argon2Cost cost, int saltLength, int outputLength);

    void Compute(ReadOnlySpan<byte> secret, ReadOnlySpan<byte> salt, Argon2Cost cost, Span<byte> output);
}
