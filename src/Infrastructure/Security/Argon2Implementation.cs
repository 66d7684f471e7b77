namespace ApiKeys.Infrastructure.Security;

/// <summary>Which Argon2id code computes the hashes (setting <c>Argon2:Implementation</c>); both give identical bytes.</summary>
public enum Argon2Implementation
{
    /// <summary>libsodium's native Argon2id through NSec.Cryptography: about 3.6 times faster than the managed code.</summary>
    Libsodium,

    /// <summary>Konscious' managed Argon2id: the fallback where the native library cannot load.</summary>
    Managed,
}
