using ApiKeys.Infrastructure.Configuration;
using Microsoft.Extensions.Options;

namespace ApiKeys.Infrastructure.Events;

public sealed class WebhookOptionsValidator : IValidateOptions<WebhookOptions>
{
    private static string Name(string key) => SettingName.Of(WebhookOptions.Section, key);

    public ValidateOptionsResult Validate(string? name, WebhookOptions options)
    {
        var failures = new SettingsFailures();
        failures.RequireRange(Name(nameof(WebhookOptions.PollIntervalMilliseconds)), options.PollIntervalMilliseconds, 50, 60_000);
        failures.RequireRange(Name(nameof(WebhookOptions.TimeoutSeconds)), options.TimeoutSeconds, 1, 60);
        failures.RequireRange(Name(nameof(WebhookOptions.BatchSize)), options.BatchSize, 1, 500);
        failures.RequireRange(Name(nameof(WebhookOptions.LeaseSeconds)), options.LeaseSeconds, 1, 3600);
        failures.RequireRange(Name(nameof(WebhookOptions.FirstRetryMilliseconds)), options.FirstRetryMilliseconds, 100, 3_600_000);
        failures.RequireRange(Name(nameof(WebhookOptions.ExpiryScanSeconds)), options.ExpiryScanSeconds, 1, 3600);
        foreach (var host in options.InsecureHosts())
        {
            if (Uri.CheckHostName(host) == UriHostNameType.Unknown)
            {
                failures.Add(Name(nameof(WebhookOptions.AllowInsecureHosts)), $"'{host}' is not a host name or address.");
            }
        }

        return failures.Result();
    }
}
