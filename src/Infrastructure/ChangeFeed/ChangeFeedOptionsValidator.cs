using ApiKeys.Infrastructure.Configuration;
using Microsoft.Extensions.Options;

namespace ApiKeys.Infrastructure.ChangeFeed;

/// <summary>A poll interval that keeps "revoked everywhere within 2 s" possible, a retention longer than it, and a bounded wait for numbers in flight.</summary>
public sealed class ChangeFeedOptionsValidator : IValidateOptions<ChangeFeedOptions>
{
    private static string Name(string key) => SettingName.Of(ChangeFeedOptions.Section, key);

    public ValidateOptionsResult Validate(string? name, ChangeFeedOptions options)
    {
        var failures = new SettingsFailures();
        failures.RequireRange(Name(nameof(ChangeFeedOptions.PollIntervalMilliseconds)), options.PollIntervalMilliseconds, 50, 60_000);
        failures.RequireRange(Name(nameof(ChangeFeedOptions.RetentionSeconds)), options.RetentionSeconds, 60, 30 * 86_400);
        failures.RequireRange(Name(nameof(ChangeFeedOptions.SettleMilliseconds)), options.SettleMilliseconds, 0, 60_000);
        return failures.Result();
    }
}
