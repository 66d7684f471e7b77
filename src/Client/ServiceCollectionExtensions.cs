using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;

namespace ApiKeys.Client;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ApiKeysClient"/> on <c>IHttpClientFactory</c> with the standard resilience handler:
    /// retries (only for safe methods: a retried create would make a second key), circuit breaker and timeouts,
    /// with an attempt timeout long enough for a key-changes long poll.
    /// </summary>
    public static IHttpClientBuilder AddApiKeysClient(this IServiceCollection services, Action<ApiKeysClientOptions> configure, string? name = null)
    {
        var optionsName = name ?? Options.DefaultName;
        services.AddOptions<ApiKeysClientOptions>(optionsName).Configure(configure)
            .Validate(o => o.BaseAddress is { IsAbsoluteUri: true }, "ApiKeys client: BaseAddress must be an absolute URI.");
        var builder = name is null
            ? services.AddHttpClient<ApiKeysClient>(Configure(optionsName))
            : services.AddHttpClient<ApiKeysClient>(name, Configure(optionsName));
        builder.AddStandardResilienceHandler().Configure((HttpStandardResilienceOptions resilience, IServiceProvider provider) =>
        {
            var options = provider.GetRequiredService<IOptionsMonitor<ApiKeysClientOptions>>().Get(optionsName);
            resilience.Retry.DisableForUnsafeHttpMethods();
            resilience.Retry.MaxRetryAttempts = options.MaxRetryAttempts;
            resilience.Retry.Delay = options.RetryDelay;
            resilience.AttemptTimeout.Timeout = options.AttemptTimeout;
            resilience.TotalRequestTimeout.Timeout = options.AttemptTimeout * 3;
            resilience.CircuitBreaker.SamplingDuration = options.AttemptTimeout * 2;
        });
        return builder;
    }

    private static Action<IServiceProvider, HttpClient> Configure(string optionsName) => (provider, http) =>
    {
        var options = provider.GetRequiredService<IOptionsMonitor<ApiKeysClientOptions>>().Get(optionsName);
        var address = options.BaseAddress!.ToString();
        http.BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
        if (options.Token is { } token)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        // Resilience timeouts bound each attempt; the client's own timeout must not cut a long poll first.
        http.Timeout = System.Threading.Timeout.InfiniteTimeSpan;
    };
}
