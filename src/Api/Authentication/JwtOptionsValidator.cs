using System.Text;
using ApiKeys.Infrastructure.Configuration;
using Microsoft.Extensions.Options;

namespace ApiKeys.Api.Authentication;

/// <summary>Every JWT setting that could otherwise fail per request (a 500) is refused at start instead.</summary>
public sealed class JwtOptionsValidator : IValidateOptions<JwtOptions>
{
    private static string Name(string key) => SettingName.Of(JwtOptions.Section, key);

    public ValidateOptionsResult Validate(string? name, JwtOptions options)
    {
        var failures = new SettingsFailures();
        if (options.UsesAuthority && options.UsesSigningKey)
        {
            failures.Add(Name(nameof(JwtOptions.Authority)), $"set together with {Name(nameof(JwtOptions.SigningKey))}; use one of them.");
        }

        if (options.UsesAuthority)
        {
            ValidateAuthority(options, failures);
        }
        else if (options.UsesSigningKey)
        {
            if (Encoding.UTF8.GetByteCount(options.SigningKey!) < 32)
            {
                failures.Add(Name(nameof(JwtOptions.SigningKey)), "must be at least 32 bytes.");
            }

            if (string.IsNullOrWhiteSpace(options.Issuer))
            {
                failures.Add(Name(nameof(JwtOptions.Issuer)), $"is required with {Name(nameof(JwtOptions.SigningKey))}.");
            }
        }

        if ((options.UsesAuthority || options.UsesSigningKey) && string.IsNullOrWhiteSpace(options.Audience))
        {
            failures.Add(Name(nameof(JwtOptions.Audience)), "is required when JWTs are accepted (tokens meant for other services must be refused).");
        }

        failures.RequireRange(Name(nameof(JwtOptions.ClockSkewSeconds)), options.ClockSkewSeconds, 0, 300);
        failures.RequireRange(Name(nameof(JwtOptions.KeyRefreshSeconds)), options.KeyRefreshSeconds, 1, 86_400);
        return failures.Result();
    }

    private static void ValidateAuthority(JwtOptions options, SettingsFailures failures)
    {
        if (!Uri.TryCreate(options.Authority!.Trim(), UriKind.Absolute, out var authority) || authority.Scheme is not ("https" or "http") || !string.IsNullOrEmpty(authority.Query) || !string.IsNullOrEmpty(authority.Fragment))
        {
            failures.Add(Name(nameof(JwtOptions.Authority)), "must be an absolute https:// URL of the OpenID issuer.");
            return;
        }

        if (authority.Scheme == "http" && options.RequireHttpsMetadata)
        {
            failures.Add(Name(nameof(JwtOptions.Authority)), $"uses http://; use https://, or set {Name(nameof(JwtOptions.RequireHttpsMetadata))}=false for a development identity provider.");
        }
    }
}
