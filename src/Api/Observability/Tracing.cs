using System.Diagnostics;
using Microsoft.Extensions.Options;
using OpenTelemetry.Trace;

namespace ApiKeys.Api.Observability;

/// <summary>
/// Request traces through OpenTelemetry: ASP.NET Core's request spans and this service's own
/// (<see cref="Source"/>: API-key authentication, tagged with the key id and the outcome, never the token).
/// Made and exported over OTLP only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the SDK's standard variables).
/// </summary>
public static class Tracing
{
    public const string SourceName = "ApiKeys";

    public const string KeyIdTag = "apikeys.key_id";
    public const string OrganizationIdTag = "apikeys.organization_id";
    public const string OutcomeTag = "apikeys.outcome";

    public static readonly ActivitySource Source = new(SourceName);

    public static IServiceCollection AddApiTracing(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IValidateOptions<TracingSettings>, TracingSettingsValidator>();
        services.AddOptions<TracingSettings>().Configure(settings => settings.OtlpEndpoint = configuration[TracingSettings.OtlpEndpointVariable]).ValidateOnStart();
        // With nowhere to send them, spans are not made at all: every request would pay for recording them.
        if (string.IsNullOrWhiteSpace(configuration[TracingSettings.OtlpEndpointVariable]))
        {
            return services;
        }

        // Paths only: query strings are not recorded (the instrumentation redacts them), headers never are.
        services.AddOpenTelemetry().WithTracing(tracing => tracing
            .AddSource(SourceName)
            .AddAspNetCoreInstrumentation(options => options.RecordException = false)
            .AddOtlpExporter());
        return services;
    }
}
