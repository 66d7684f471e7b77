using ApiKeys.Application.Abstractions;
using ApiKeys.Infrastructure.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ApiKeys.Infrastructure.Security.TokenDigests;

public static class TokenDigestRegistration
{
    /// <summary>Keyed token digests (design, "the life of a token", step 5): the keys are read, or the SQLite default file made, at start.</summary>
    public static IServiceCollection AddTokenDigests(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<TokenDigestOptions, TokenDigestOptionsValidator>(configuration, TokenDigestOptions.Section);
        services.AddSingleton<TokenDigestKeySource>();
        services.Replace(ServiceDescriptor.Singleton<ITokenDigester>(sp =>
            sp.GetRequiredService<TokenDigestKeySource>().Load() is { Count: > 0 } keys ? new HmacTokenDigester(keys) : NoTokenDigester.Instance));
        services.AddHostedService<TokenDigestStartup>();
        return services;
    }
}
