using System.Text.Json;
using ApiKeys.Api.Authentication;
using ApiKeys.Api.Errors;
using ApiKeys.Api.Hardening;
using ApiKeys.Api.Observability;
using ApiKeys.Api.OpenApi;
using ApiKeys.Api.Proxy;
using ApiKeys.Api.RateLimiting;
using ApiKeys.Api.SecretScanning;
using ApiKeys.Application;
using ApiKeys.Application.Abstractions;
using ApiKeys.Application.Common.Json;
using ApiKeys.Infrastructure;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace ApiKeys.Api;

/// <summary>The composition root: every service of the application, its infrastructure and its HTTP side.</summary>
public static class DependencyInjection
{
    public static IServiceCollection AddApiKeysService(this IServiceCollection services, IConfiguration configuration) =>
        services.AddApplication()
            .AddInfrastructure(configuration)
            .AddApi(configuration);

    /// <summary>The HTTP side: authentication, rate limits, proxies, telemetry, error bodies, OpenAPI, controllers.</summary>
    public static IServiceCollection AddApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<KestrelServerOptions>(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = RequestBodyLimit.MaxBytes;
        });

        services.AddScoped<ICaller, HttpCaller>();
        services.AddApiAuthentication(configuration);
        services.AddApiRateLimits(configuration);
        services.AddSecretScanning(configuration);
        services.AddForwardedHeadersFromSettings(configuration);
        services.AddServiceResource(configuration);
        services.AddApiMetrics(configuration);
        services.AddApiTracing(configuration);
        services.AddApiLogging();
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.AddProblemDetails();
        services.AddApiOpenApi();
        services.AddApiControllers();
        return services;
    }

    private static void AddApiControllers(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(options => ConfigureJson(options.SerializerOptions));
        services.AddControllers()
            .AddJsonOptions(options =>
            {
                ConfigureJson(options.JsonSerializerOptions);
                options.AllowInputFormatterExceptionMessages = false;
            })
            .ConfigureApiBehaviorOptions(options =>
            {
                options.InvalidModelStateResponseFactory = ErrorResponses.InvalidModelState;
                // Bodiless 4xx results (415 and the like) get the contract's body from the status-code page, not ProblemDetails.
                options.SuppressMapClientErrors = true;
            });
    }

    private static void ConfigureJson(JsonSerializerOptions json) => ContractJson.Configure(json);
}
