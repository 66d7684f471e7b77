using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ApiKeys.Infrastructure.Redis;

/// <summary>
/// <c>/health/ready</c> stays 200 without Redis (the service answers, counting on each node) but says so:
/// Degraded, naming Redis, while it is configured and does not answer.
/// </summary>
public sealed class RedisHealthCheck(RedisConnection connection) : IHealthCheck
{
    public const string Name = "redis";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (connection.Database is not { } database)
        {
            return HealthCheckResult.Degraded("Redis (Redis__Configuration) is not reachable: rate limits and failure budgets are counted per node.");
        }

        try
        {
            var latency = await database.PingAsync();
            return HealthCheckResult.Healthy($"Redis answers ({latency.TotalMilliseconds:0.#} ms).");
        }
        catch (Exception exception) when (RedisFailures.IsUnavailable(exception))
        {
            return HealthCheckResult.Degraded("Redis (Redis__Configuration) does not answer: rate limits and failure budgets are counted per node.");
        }
    }
}
