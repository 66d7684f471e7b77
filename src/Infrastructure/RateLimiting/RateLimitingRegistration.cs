using ApiKeys.Application.Abstractions;
using ApiKeys.Infrastructure.Configuration;
using ApiKeys.Infrastructure.Redis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ApiKeys.Infrastructure.RateLimiting;

public static class RateLimitingRegistration
{
    /// <summary>
    /// The shared counters: per-key rate limits counted on this node, or in Redis when <c>Redis__Configuration</c>
    /// is set (then <c>/health/ready</c> reports Redis, Degraded while it cannot be reached).
    /// </summary>
    public static IServiceCollection AddKeyRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<RedisOptions, RedisOptionsValidator>(configuration, RedisOptions.Section);
        services.AddSingleton<RedisMetrics>();
        services.AddSingleton<RedisConnection>();
        services.AddSingleton<InMemoryKeyRateLimiter>();
        services.AddSingleton<SharedTokenBuckets>();
        if (new RedisOptions { Configuration = configuration[$"{RedisOptions.Section}:{nameof(RedisOptions.Configuration)}"] }.IsConfigured)
        {
            services.AddSingleton<RedisKeyRateLimiter>();
            services.AddSingleton<IKeyRateLimiter>(sp => sp.GetRequiredService<RedisKeyRateLimiter>());
            services.AddHostedService<RateLimitSliceSweeper>();
            services.AddHostedService<RedisConnector>();
            services.AddHealthChecks().AddCheck<RedisHealthCheck>(RedisHealthCheck.Name, tags: ["ready"]);
        }
        else
        {
            services.AddSingleton<IKeyRateLimiter>(sp => sp.GetRequiredService<InMemoryKeyRateLimiter>());
        }

        return services;
    }
}
