using ApiKeys.Infrastructure.Configuration;
using ApiKeys.Infrastructure.HotPath;
using OpenTelemetry.Metrics;

namespace ApiKeys.Api.Observability;

/// <summary>
/// The hot path's meter with the runtime's (GC, thread pool, JIT: <c>System.Runtime</c>), ASP.NET Core's and Kestrel's,
/// HttpClient's (webhook deliveries, the identity provider's keys) and EF Core's, exported in Prometheus text at
/// <c>/metrics</c> by OpenTelemetry. All of them are built into .NET and EF Core: no instrumentation package is needed.
/// </summary>
public static class Metrics
{
    public static readonly string[] MeterNames =
    [
        KeyMetrics.MeterName, "System.Runtime", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Routing", "System.Net.Http", "System.Net.NameResolution", "Microsoft.EntityFrameworkCore",
    ];

    public static IServiceCollection AddApiMetrics(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<MetricsOptions, MetricsOptionsValidator>(configuration, MetricsOptions.Section);
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(MeterNames)
            .AddPrometheusExporter());
        return services;
    }
}
