using ApiKeys.Infrastructure.Configuration;
using Microsoft.Extensions.Options;

namespace ApiKeys.Infrastructure.Security.TokenDigests;

/// <summary>Digest keys that are configured must parse (ids, base64, 32+ bytes); a key file that is named must exist and parse.</summary>
public sealed class TokenDigestOptionsValidator : IValidateOptions<TokenDigestOptions>
{
    private static string Name(string key) => SettingName.Of(TokenDigestOptions.Section, key);

    public ValidateOptionsResult Validate(string? name, TokenDigestOptions options)
    {
        var failures = new SettingsFailures();
        var keys = Name(nameof(TokenDigestOptions.TokenDigestKeys));
        var file = Name(nameof(TokenDigestOptions.TokenDigestKeyFile));
        if (!string.IsNullOrWhiteSpace(options.TokenDigestKeys))
        {
            if (!string.IsNullOrWhiteSpace(options.TokenDigestKeyFile))
            {
                failures.Add(file, $"is set and so is {keys}; set one.");
            }

            if (TokenDigestKey.ParseAll(options.TokenDigestKeys).Problem is { } problem)
            {
                failures.Add(keys, problem);
            }
        }
        else if (!string.IsNullOrWhiteSpace(options.TokenDigestKeyFile))
        {
            if (!File.Exists(options.TokenDigestKeyFile))
            {
                failures.Add(file, $"{options.TokenDigestKeyFile} does not exist.");
            }
            else if (TokenDigestKey.ParseAll(File.ReadAllText(options.TokenDigestKeyFile)).Problem is { } problem)
            {
                failures.Add(file, problem);
            }
        }

        return failures.Result();
    }
}
