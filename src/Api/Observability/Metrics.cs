using ApiKeys.Infrastructure.Configuration;
using ApiKeys.Infrastructure.HotPath;
using OpenTelemetry.Metrics;

namespace ApiKeys.Api.Observability;

/// <summary>The hot path's meter and ASP.NET Core's own, exported in Prometheus text at <c>/metrics</c> by OpenTelemetry.</summary>
public static class Metrics
{
    public static IServiceCollection AddApiMetrics(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<MetricsOptions, MetricsOptionsValidator>(configuration, MetricsOptions.Section);
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(KeyMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel")
            .AddPrometheusExporter());
        return services;
    }
}
