using NSec.Cryptography;

namespace ApiKeys.Infrastructure.Security;

/// <summary>
/// libsodium's native Argon2id (NSec.Cryptography). libsodium computes one lane (p = 1) with a 16-byte salt, which
/// is what this service writes; a stored hash with other parameters is left to the managed implementation.
/// Its memory is allocated natively and freed at once, so it adds no garbage to the managed heap.
/// </summary>
public sealed class SodiumArgon2 : IArgon2Function
{
    public static SodiumArgon2 Instance { get; } = new();

    private static readonly Lazy<bool> Available = new(() =>
    {
        try
        {
            Span<byte> output = stackalloc byte[16];
            Instance.Compute("probe"u8, new byte[16], new Argon2Cost(8, 1, 1), output);
            return true;
        }
        catch (Exception exception) when (exception is DllNotFoundException or TypeInitializationException or EntryPointNotFoundException or BadImageFormatException or InvalidOperationException)
        {
            return false;
        }
    });

    /// <summary>Whether the native library loads on this machine (checked once, at start, by the options validation).</summary>
    public static bool IsAvailable => Available.Value;

    public bool Supports(Argon2Cost cost, int saltLength, int outputLength) =>
        cost.Parallelism == 1 && cost.Iterations >= 1 && cost.MemoryKiB >= 8
        && saltLength == 16 && outputLength is >= 16 and <= 1024;

    public void Compute(ReadOnlySpan<byte> secret, ReadOnlySpan<byte> salt, Argon2Cost cost, Span<byte> output)
    {
        var parameters = new Argon2Parameters
        {
            DegreeOfParallelism = cost.Parallelism,
            MemorySize = cost.MemoryKiB,
            NumberOfPasses = cost.Iterations,
        };
        PasswordBasedKeyDerivationAlgorithm.Argon2id(parameters).DeriveBytes(secret, salt, output);
    }
}
