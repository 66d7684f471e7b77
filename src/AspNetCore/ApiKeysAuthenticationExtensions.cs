using ApiKeys.Client;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ApiKeys.AspNetCore;

public static class ApiKeysAuthenticationExtensions
{
    public static AuthenticationBuilder AddApiKeys(this AuthenticationBuilder builder, Action<ApiKeysAuthenticationOptions> configure) =>
        builder.AddApiKeys(ApiKeysAuthenticationDefaults.AuthenticationScheme, configure);

    /// <summary>
    /// Authenticates callers with keys of ApiKeys: verified through <see cref="ApiKeysClient"/> with this service's
    /// verifier key, cached, evicted by following key changes. Pair with <c>RequireApiKeyPermission</c> policies.
    /// </summary>
    public static AuthenticationBuilder AddApiKeys(this AuthenticationBuilder builder, string scheme, Action<ApiKeysAuthenticationOptions> configure)
    {
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<KeyVerificationCaches>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuthorizationHandler, ApiKeyPermissionHandler>());

        // Verify: short attempts, one quick retry, so an outage is noticed in well under a second or two.
        services.AddApiKeysClient(_ => { }, KeyVerificationCaches.VerifyClientName(scheme));
        services.AddOptions<ApiKeysClientOptions>(KeyVerificationCaches.VerifyClientName(scheme))
            .Configure<IOptionsMonitor<ApiKeysAuthenticationOptions>>((client, auth) => FromScheme(client, auth.Get(scheme), auth.Get(scheme).VerifyTimeout, retries: 1));

        // Key changes: attempts longer than the long poll's wait.
        services.AddApiKeysClient(_ => { }, KeyVerificationCaches.ChangesClientName(scheme));
        services.AddOptions<ApiKeysClientOptions>(KeyVerificationCaches.ChangesClientName(scheme))
            .Configure<IOptionsMonitor<ApiKeysAuthenticationOptions>>((client, auth) => FromScheme(client, auth.Get(scheme), auth.Get(scheme).KeyChangesWait + TimeSpan.FromSeconds(10), retries: 1));

        services.AddSingleton<Microsoft.Extensions.Hosting.IHostedService>(provider => new KeyChangesFollower(
            scheme,
            provider.GetRequiredService<IOptionsMonitor<ApiKeysAuthenticationOptions>>(),
            provider.GetRequiredService<IHttpClientFactory>(),
            provider.GetRequiredService<KeyVerificationCaches>(),
            provider.GetRequiredService<ILogger<KeyChangesFollower>>()));

        return builder.AddScheme<ApiKeysAuthenticationOptions, ApiKeysAuthenticationHandler>(scheme, configure);
    }

    private static void FromScheme(ApiKeysClientOptions client, ApiKeysAuthenticationOptions scheme, TimeSpan attemptTimeout, int retries)
    {
        client.BaseAddress = scheme.Authority;
        client.Token = scheme.VerifierKey;
        client.AttemptTimeout = attemptTimeout;
        client.MaxRetryAttempts = retries;
        client.RetryDelay = TimeSpan.FromMilliseconds(100);
    }
}
