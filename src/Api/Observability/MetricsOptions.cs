using ApiKeys.Infrastructure.Configuration;
using Microsoft.Extensions.Options;

namespace ApiKeys.Api.Observability;

/// <summary>Who may scrape <c>/metrics</c> (section <c>Metrics</c>).</summary>
public sealed class MetricsOptions
{
    public const string Section = "Metrics";

    /// <summary>When set, <c>/metrics</c> answers only <c>Authorization: Bearer &lt;this&gt;</c> (401 otherwise).</summary>
    public string? ScrapeToken { get; set; }
}

public sealed class MetricsOptionsValidator : IValidateOptions<MetricsOptions>
{
    public ValidateOptionsResult Validate(string? name, MetricsOptions options)
    {
        var failures = new SettingsFailures();
        if (options.ScrapeToken is { } token && (token.Length < 16 || token.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))))
        {
            failures.Add(SettingName.Of(MetricsOptions.Section, nameof(MetricsOptions.ScrapeToken)), "must be at least 16 characters, without spaces or control characters.");
        }

        return failures.Result();
    }
}
