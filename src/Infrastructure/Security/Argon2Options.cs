namespace ApiKeys.Infrastructure.Security;

/// <summary>Argon2id parameters for new hashes (section <c>Argon2</c>); stored hashes carry their own.</summary>
public sealed class Argon2Options
{
    public const string Section = "Argon2";

    /// <summary><c>libsodium</c> (default) or <c>managed</c>. Either verifies the other's hashes: the PHC strings are the same.</summary>
    public Argon2Implementation Implementation { get; set; } = Argon2Implementation.Libsodium;

    public int MemoryKiB { get; set; } = 19_456;

    public int Iterations { get; set; } = 2;

    public int Parallelism { get; set; } = 1;

    public int SaltBytes { get; set; } = 16;

    public int HashBytes { get; set; } = 32;
}
