using System.Reflection;
using OpenTelemetry.Resources;

namespace ApiKeys.Api.Observability;

/// <summary>
/// The resource every metric and span is reported under: <c>service.name</c> <c>apikeys</c> (or
/// <c>OTEL_SERVICE_NAME</c>) and the build's version, instead of the SDK's <c>unknown_service:ApiKeys.Api</c>.
/// </summary>
public static class ServiceResource
{
    public const string DefaultName = "apikeys";
    public const string NameVariable = "OTEL_SERVICE_NAME";

    public static string Version { get; } =
        typeof(ServiceResource).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static IServiceCollection AddServiceResource(this IServiceCollection services, IConfiguration configuration)
    {
        var name = configuration[NameVariable] is { Length: > 0 } configured ? configured : DefaultName;
        services.AddOpenTelemetry().ConfigureResource(resource => resource.AddService(name, serviceVersion: Version, serviceInstanceId: Environment.MachineName + ":" + Environment.ProcessId));
        return services;
    }
}
