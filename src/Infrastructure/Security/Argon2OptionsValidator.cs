using ApiKeys.Infrastructure.Configuration;
using Microsoft.Extensions.Options;

namespace ApiKeys.Infrastructure.Security;

/// <summary>Argon2id parameters the hasher can actually run with (RFC 9106 bounds, kept to sane sizes).</summary>
public sealed class Argon2OptionsValidator : IValidateOptions<Argon2Options>
{
    private static string Name(string key) => SettingName.Of(Argon2Options.Section, key);

    public ValidateOptionsResult Validate(string? name, Argon2Options options)
    {
        var failures = new SettingsFailures();
        failures.RequireRange(Name(nameof(Argon2Options.Parallelism)), options.Parallelism, 1, 64);
        failures.RequireRange(Name(nameof(Argon2Options.MemoryKiB)), options.MemoryKiB, Math.Max(8, 8 * options.Parallelism), 4 * 1024 * 1024);
        failures.RequireRange(Name(nameof(Argon2Options.Iterations)), options.Iterations, 1, 100);
        failures.RequireRange(Name(nameof(Argon2Options.SaltBytes)), options.SaltBytes, 8, 64);
        failures.RequireRange(Name(nameof(Argon2Options.HashBytes)), options.HashBytes, 16, 64);
        if (options.Implementation == Argon2Implementation.Libsodium && !SodiumArgon2.IsAvailable)
        {
            failures.Add(Name(nameof(Argon2Options.Implementation)), "libsodium cannot be loaded on this machine; set it to managed");
        }
        return failures.Result();
    }
}
