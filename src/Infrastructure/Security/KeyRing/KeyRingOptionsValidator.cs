using ApiKeys.Infrastructure.Configuration;
using Microsoft.Extensions.Options;

namespace ApiKeys.Infrastructure.Security.KeyRing;

/// <summary>A certificate that is configured must load, hold an RSA private key, and open with its password.</summary>
public sealed class KeyRingOptionsValidator : IValidateOptions<KeyRingOptions>
{
    private static string Name(string key) => SettingName.Of(KeyRingOptions.Section, key);

    public ValidateOptionsResult Validate(string? name, KeyRingOptions options)
    {
        var failures = new SettingsFailures();
        if (options.IsProtected)
        {
            Check(failures, Name(nameof(KeyRingOptions.CertificatePath)), options.CertificatePath!, options.CertificatePassword);
        }
        else if (!string.IsNullOrEmpty(options.CertificatePassword))
        {
            failures.Add(Name(nameof(KeyRingOptions.CertificatePassword)), $"is set but {Name(nameof(KeyRingOptions.CertificatePath))} is not.");
        }

        for (var i = 0; i < options.PreviousCertificates.Count; i++)
        {
            var file = options.PreviousCertificates[i];
            var setting = $"{Name(nameof(KeyRingOptions.PreviousCertificates))}__{i}__Path";
            if (string.IsNullOrWhiteSpace(file.Path))
            {
                failures.Add(setting, "is required for each previous certificate.");
            }
            else
            {
                Check(failures, setting, file.Path, file.Password);
            }
        }

        return failures.Result();
    }

    private static void Check(SettingsFailures failures, string setting, string path, string? password)
    {
        var (certificate, problem) = KeyRingCertificates.TryLoad(path, password);
        certificate?.Dispose();
        if (problem is not null)
        {
            failures.Add(setting, problem);
        }
    }
}
