using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ApiKeys.Application.Abstractions;
using ApiKeys.Domain.ApiKeys;
using Microsoft.Extensions.Options;

namespace ApiKeys.Infrastructure.Security;

/// <summary>
/// Argon2id in the PHC string format (<c>$argon2id$v=19$m=19456,t=2,p=1$salt$hash</c>), so the parameters of
/// every stored hash are known and can be raised later: a hash made with other parameters still verifies and
/// asks to be re-hashed. The bytes come from libsodium or from the managed code (<c>Argon2:Implementation</c>),
/// which agree exactly; parameters libsodium cannot compute (p &gt; 1, other salt sizes) always go to the managed code.
/// </summary>
public sealed class Argon2SecretHasher(IOptions<Argon2Options> options) : ISecretHasher
{
    private const string Prefix = "$argon2id$v=19$";

    // At most one computation per core, whoever asks (verifications, creates, regenerations): CPU and memory stay
    // bounded (m KiB each) however many requests arrive at once.
    private readonly SemaphoreSlim _slots = new(Environment.ProcessorCount);

    private readonly IArgon2Function _preferred = options.Value.Implementation == Argon2Implementation.Managed
        ? ManagedArgon2.Instance
        : SodiumArgon2.Instance;

    public string Hash(string secret)
    {
        var settings = options.Value;
        var salt = RandomNumberGenerator.GetBytes(settings.SaltBytes);
        var hash = Compute(secret, salt, settings.MemoryKiB, settings.Iterations, settings.Parallelism, settings.HashBytes);
        return string.Create(CultureInfo.InvariantCulture,
            $"{Prefix}m={settings.MemoryKiB},t={settings.Iterations},p={settings.Parallelism}${Encode(salt)}${Encode(hash)}");
    }

    public SecretVerification Verify(string secret, string phcHash)
    {
        if (ImportedSha256.TryRead(phcHash, out var digest))
        {
            // A key imported by its hash alone: checked once by SHA-256, then re-hashed with Argon2id (docs/api.md §4).
            return new SecretVerification(ImportedSha256.Matches(secret, digest), NeedsRehash: true);
        }

        if (!TryParse(phcHash, out var memory, out var iterations, out var parallelism, out var salt, out var expected))
        {
            return default;
        }

        var actual = Compute(secret, salt, memory, iterations, parallelism, expected.Length);
        if (!CryptographicOperations.FixedTimeEquals(actual, expected))
        {
            return default;
        }

        return new SecretVerification(true, IsStale(memory, iterations, parallelism, salt.Length, expected.Length));
    }

    public bool NeedsRehash(string phcHash) =>
        ImportedSha256.TryRead(phcHash, out _) ||
        TryParse(phcHash, out var memory, out var iterations, out var parallelism, out var salt, out var hash)
        && IsStale(memory, iterations, parallelism, salt.Length, hash.Length);

    private bool IsStale(int memory, int iterations, int parallelism, int saltBytes, int hashBytes)
    {
        var current = options.Value;
        return memory != current.MemoryKiB || iterations != current.Iterations || parallelism != current.Parallelism
            || saltBytes != current.SaltBytes || hashBytes != current.HashBytes;
    }

    private byte[] Compute(string secret, byte[] salt, int memoryKiB, int iterations, int parallelism, int length)
    {
        var cost = new Argon2Cost(memoryKiB, iterations, parallelism);
        var function = _preferred.Supports(cost, salt.Length, length) ? _preferred : ManagedArgon2.Instance;
        var output = new byte[length];
        var bytes = Encoding.UTF8.GetBytes(secret);
        _slots.Wait();
        try
        {
            function.Compute(bytes, salt, cost, output);
        }
        finally
        {
            _slots.Release();
            CryptographicOperations.ZeroMemory(bytes);
        }

        return output;
    }

    private static bool TryParse(string phc, out int memory, out int iterations, out int parallelism, out byte[] salt, out byte[] hash)
    {
        memory = iterations = parallelism = 0;
        salt = hash = [];
        if (!phc.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = phc[Prefix.Length..].Split('$');
        if (parts.Length != 3)
        {
            return false;
        }

        var parameters = parts[0].Split(',');
        if (parameters.Length != 3
            || !TryReadParameter(parameters[0], "m=", out memory) || memory is < 8 or > 4_194_304
            || !TryReadParameter(parameters[1], "t=", out iterations) || iterations is < 1 or > 100
            || !TryReadParameter(parameters[2], "p=", out parallelism) || parallelism is < 1 or > 64)
        {
            return false;
        }

        return TryDecode(parts[1], out salt) && salt.Length >= 8 && TryDecode(parts[2], out hash) && hash.Length >= 16;
    }

    private static bool TryReadParameter(string text, string name, out int value)
    {
        value = 0;
        return text.StartsWith(name, StringComparison.Ordinal) && int.TryParse(text.AsSpan(name.Length), NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    // PHC strings use standard base64 without padding.
    private static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=');

    private static bool TryDecode(string text, out byte[] bytes)
    {
        bytes = [];
        var padded = text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '=');
        var buffer = new byte[padded.Length];
        if (!Convert.TryFromBase64String(padded, buffer, out var written))
        {
            return false;
        }

        bytes = buffer[..written];
        return true;
    }
}
