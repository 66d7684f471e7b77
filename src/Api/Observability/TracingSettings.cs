using ApiKeys.Infrastructure.Configuration;
using Microsoft.Extensions.Options;

namespace ApiKeys.Api.Observability;

/// <summary>Where traces are exported: OpenTelemetry's own variable, checked at start like every other setting.</summary>
public sealed class TracingSettings
{
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public string? OtlpEndpoint { get; set; }

    public bool Exports => !string.IsNullOrWhiteSpace(OtlpEndpoint);
}

public sealed class TracingSettingsValidator : IValidateOptions<TracingSettings>
{
    public ValidateOptionsResult Validate(string? name, TracingSettings options)
    {
        var failures = new SettingsFailures();
        if (options.Exports && (!Uri.TryCreate(options.OtlpEndpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https")))
        {
            failures.Add(TracingSettings.OtlpEndpointVariable, "must be an absolute http:// or https:// URL (the OTLP collector).");
        }

        return failures.Result();
    }
}
