using System.Security.Cryptography;
using ApiKeys.Infrastructure.Configuration;
using Microsoft.Extensions.Options;

namespace ApiKeys.Api.SecretScanning;

/// <summary>GitHub's secret scanning partner keys (section <c>SecretScanning:GitHub</c>): identifier → PEM public key.</summary>
public sealed class SecretScanningOptions
{
    public const string Section = "SecretScanning:GitHub";

    /// <summary><c>SecretScanning__GitHub__PublicKeys__&lt;identifier&gt;</c>: the key GitHub signs with, as its key identifier names it.</summary>
    public Dictionary<string, string> PublicKeys { get; set; } = new(StringComparer.Ordinal);
}

public sealed class SecretScanningOptionsValidator : IValidateOptions<SecretScanningOptions>
{
    public ValidateOptionsResult Validate(string? name, SecretScanningOptions options)
    {
        var failures = new SettingsFailures();
        foreach (var (identifier, pem) in options.PublicKeys)
        {
            if (!GitHubSignature.TryImport(pem, out var key))
            {
                failures.Add(SettingName.Of("SecretScanning:GitHub:PublicKeys", identifier), "is not a PEM ECDSA P-256 public key.");
            }

            key?.Dispose();
        }

        return failures.Result();
    }
}
