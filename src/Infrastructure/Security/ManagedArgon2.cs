using Konscious.Security.Cryptography;

namespace ApiKeys.Infrastructure.Security;

/// <summary>Konscious' managed Argon2id: computes every parameter set; the fallback and the cross-check of libsodium.</summary>
public sealed class ManagedArgon2 : IArgon2Function
{
    public static ManagedArgon2 Instance { get; } = new();

    public bool Supports(Argon2Cost cost, int saltLength, int outputLength) => true;

    public void Compute(ReadOnlySpan<byte> secret, ReadOnlySpan<byte> salt, Argon2Cost cost, Span<byte> output)
    {
        using var argon2 = new Argon2id(secret.ToArray())
        {
            Salt = salt.ToArray(),
            MemorySize = cost.MemoryKiB,
            Iterations = cost.Iterations,
            DegreeOfParallelism = cost.Parallelism,
        };
        argon2.GetBytes(output.Length).CopyTo(output);
    }
}
