using System.Diagnostics.Metrics;
using ApiKeys.Infrastructure.CreditReservations;
using ApiKeys.Infrastructure.HotPath;
using ApiKeys.Infrastructure.RateLimiting;
using ApiKeys.Infrastructure.Redis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ApiKeys.Infrastructure.Tests.RateLimiting;

/// <summary>What one node holds of the shared counters: its own connection to Redis, its own memory, its own metrics.</summary>
public sealed class RedisNode : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly MeterListener _listener = new();
    private long _fallbacks;
    private long _roundTrips;

    public RedisNode(string configuration, TimeProvider? time = null, int failureBudget = 20, int failureWindowSeconds = 60, int reservationSeconds = 5)
    {
        time ??= TimeProvider.System;
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = _services.GetRequiredService<IMeterFactory>();
        Metrics = new RedisMetrics(meters);
        Connection = new RedisConnection(Options.Create(new RedisOptions { Configuration = configuration }), NullLogger<RedisConnection>.Instance);
        Local = new InMemoryKeyRateLimiter(time);
        Limiter = new RedisKeyRateLimiter(Connection, Local, Metrics, time, Options.Create(new GovernanceOptions { ReservationSeconds = reservationSeconds }), NullLogger<RedisKeyRateLimiter>.Instance);
        Budget = new FailureBudget(Options.Create(new HotPathOptions { FailureBudget = failureBudget, FailureWindowSeconds = failureWindowSeconds }), Connection, Metrics, time);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == meters && instrument.Name is "apikeys_redis_fallbacks" or "apikeys_redis_round_trips")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => Interlocked.Add(ref instrument.Name == "apikeys_redis_fallbacks" ? ref _fallbacks : ref _roundTrips, value));
        _listener.Start();
    }

    public RedisConnection Connection { get; }

    public RedisMetrics Metrics { get; }

    public InMemoryKeyRateLimiter Local { get; }

    public RedisKeyRateLimiter Limiter { get; }

    public FailureBudget Budget { get; }

    public long Fallbacks => Interlocked.Read(ref _fallbacks);

    /// <summary>Calls to Redis by the shared counters (rate limits and failure budgets alike).</summary>
    public long RoundTrips => Interlocked.Read(ref _roundTrips);

    public async Task<RedisNode> ConnectedAsync()
    {
        await Connection.WhenCreated;
        for (var i = 0; i < 100 && Connection.Database is null; i++)
        {
            await Task.Delay(50);
        }

        return Connection.Database is null ? throw new InvalidOperationException("Redis did not connect.") : this;
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Dispose();
        await Connection.DisposeAsync();
        await _services.DisposeAsync();
    }
}
