using ApiKeys.Application.Abstractions;
using Microsoft.Extensions.DependencyInjection;

namespace ApiKeys.Infrastructure.RateLimiting;

public static class RateLimitingRegistration
{
    /// <summary>The per-key rate limiter: counted on this node.</summary>
    public static IServiceCollection AddKeyRateLimiting(this IServiceCollection services)
    {
        services.AddSingleton<InMemoryKeyRateLimiter>();
        services.AddSingleton<IKeyRateLimiter>(sp => sp.GetRequiredService<InMemoryKeyRateLimiter>());
        return services;
    }
}
