using ApiKeys.Infrastructure.Configuration;
using Microsoft.Extensions.Options;

namespace ApiKeys.Infrastructure.HotPath;

/// <summary>Hot-path settings in ranges the caches, the pool and the budget can work with.</summary>
public sealed class HotPathOptionsValidator : IValidateOptions<HotPathOptions>
{
    private const int Day = 86_400;

    private static string Name(string key) => SettingName.Of(HotPathOptions.Section, key);

    public ValidateOptionsResult Validate(string? name, HotPathOptions options)
    {
        var failures = new SettingsFailures();
        failures.RequireRange(Name(nameof(HotPathOptions.CacheTtlSeconds)), options.CacheTtlSeconds, 1, Day);
        failures.RequireRange(Name(nameof(HotPathOptions.CacheSizeLimit)), options.CacheSizeLimit, 1, 100_000_000);
        failures.RequireRange(Name(nameof(HotPathOptions.StaleIfErrorSeconds)), options.StaleIfErrorSeconds, 0, Day);
        failures.RequireRange(Name(nameof(HotPathOptions.KnownTokenSlidingSeconds)), options.KnownTokenSlidingSeconds, 1, 30 * Day);
        failures.RequireRange(Name(nameof(HotPathOptions.NegativeCacheTtlSeconds)), options.NegativeCacheTtlSeconds, 1, Day);
        failures.RequireRange(Name(nameof(HotPathOptions.NegativeCacheSizeLimit)), options.NegativeCacheSizeLimit, 1, 100_000_000);
        failures.RequireRange(Name(nameof(HotPathOptions.FailureBudget)), options.FailureBudget, 1, 100_000_000);
        failures.RequireRange(Name(nameof(HotPathOptions.FailureWindowSeconds)), options.FailureWindowSeconds, 1, Day);
        failures.RequireRange(Name(nameof(HotPathOptions.MaxConcurrentVerifications)), options.MaxConcurrentVerifications, 0, 1024);
        failures.RequireRange(Name(nameof(HotPathOptions.VerificationQueueLimit)), options.VerificationQueueLimit, 0, 100_000);
        failures.RequireRange(Name(nameof(HotPathOptions.LastUsedFlushSeconds)), options.LastUsedFlushSeconds, 1, 3600);
        failures.RequireRange(Name(nameof(HotPathOptions.UsageFlushSeconds)), options.UsageFlushSeconds, 1, 3600);
        failures.RequireRange(Name(nameof(HotPathOptions.MaxQueueWaitMilliseconds)), options.MaxQueueWaitMilliseconds, 0, 60_000);
        failures.RequireRange(Name(nameof(HotPathOptions.InitialVerificationEstimateMilliseconds)), options.InitialVerificationEstimateMilliseconds, 1, 60_000);
        failures.RequireRange(Name(nameof(HotPathOptions.RefusalDelayMilliseconds)), options.RefusalDelayMilliseconds, 0, 10_000);
        return failures.Result();
    }
}
