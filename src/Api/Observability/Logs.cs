using Microsoft.Extensions.Logging.Console;

namespace ApiKeys.Api.Observability;

/// <summary>
/// Console logs an operator can correlate: with <c>Logging__Console__FormatterName=json</c> each line carries its UTC
/// <c>Timestamp</c> and, inside a request, the <c>TraceId</c> and <c>SpanId</c> of its activity (in <c>Scopes</c>), so a
/// line can be matched with the request's trace and with the other lines of the same request.
/// </summary>
public static class Logs
{
    public const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fffK";

    public static IServiceCollection AddApiLogging(this IServiceCollection services)
    {
        services.Configure<LoggerFactoryOptions>(options =>
            options.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        services.Configure<JsonConsoleFormatterOptions>(options =>
        {
            options.TimestampFormat = TimestampFormat;
            options.UseUtcTimestamp = true;
            options.IncludeScopes = true;
        });
        return services;
    }
}
