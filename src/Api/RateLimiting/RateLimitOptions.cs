using ApiKeys.Infrastructure.Configuration;
using Microsoft.Extensions.Options;

namespace ApiKeys.Api.RateLimiting;

/// <summary>The route limiters (section <c>RateLimiting</c>).</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimiting";

    /// <summary>Verify calls per second per calling credential (bursts of twice that).</summary>
    public int VerifyPermitsPerSecond { get; set; } = 10_000;

    /// <summary>Leak reports per minute per client address (<c>POST /v1/keys/report-leak</c>).</summary>
    public int LeakReportsPerMinute { get; set; } = 60;

    /// <summary>Imports a node runs at once (<c>POST …/api-keys/import</c>).</summary>
    public int ConcurrentImports { get; set; } = 2;

    /// <summary>Imports waiting for their turn on a node; one more is answered 429.</summary>
    public int QueuedImports { get; set; } = 32;
}

public sealed class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, RateLimitOptions options)
    {
        var failures = new SettingsFailures();
        // Twice the rate is the bucket's size, so the bound keeps it an int.
        failures.RequireRange(SettingName.Of(RateLimitOptions.Section, nameof(RateLimitOptions.VerifyPermitsPerSecond)), options.VerifyPermitsPerSecond, 1, 1_000_000_000);
        failures.RequireRange(SettingName.Of(RateLimitOptions.Section, nameof(RateLimitOptions.LeakReportsPerMinute)), options.LeakReportsPerMinute, 1, 1_000_000);
        failures.RequireRange(SettingName.Of(RateLimitOptions.Section, nameof(RateLimitOptions.ConcurrentImports)), options.ConcurrentImports, 1, 64);
        failures.RequireRange(SettingName.Of(RateLimitOptions.Section, nameof(RateLimitOptions.QueuedImports)), options.QueuedImports, 0, 10_000);
        return failures.Result();
    }
}
