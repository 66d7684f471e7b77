using System.Diagnostics.Metrics;

namespace ApiKeys.Infrastructure.Redis;

/// <summary>Instruments of the shared counters (meter <c>ApiKeys</c>).</summary>
public sealed class RedisMetrics
{
    public RedisMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create("ApiKeys");
        Fallbacks = meter.CreateCounter<long>(
            "apikeys_redis_fallbacks",
            description: "Rate-limit and failure-budget calls counted on this node because Redis (configured) could not be reached.");
        RoundTrips = meter.CreateCounter<long>("apikeys_redis_round_trips", description: "Calls to Redis by the shared counters.");
    }

    /// <summary>Tagged <c>counter</c> = <c>rate_limit</c> | <c>failure_budget</c> | <c>verify_limit</c>.</summary>
    public Counter<long> Fallbacks { get; }

    public Counter<long> RoundTrips { get; }
}
