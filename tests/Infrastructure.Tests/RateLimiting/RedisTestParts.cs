using System.Diagnostics.Metrics;
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

    public RedisNode(string configuration, TimeProvider? time = null, int failureBudget = 20, int failureWindowSeconds = 60)
    {
        time ??= TimeProvider.System;
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = _services.GetRequiredService<IMeterFactory>();
        Metrics = new RedisMetrics(meters);
        Connection = new RedisConnection(Options.Create(new RedisOptions { Configuration = configuration }), NullLogger<RedisConnection>.Instance);
        Local = new InMemoryKeyRateLimiter(time);
        Limiter = new RedisKeyRateLimiter(Connection, Local, Metrics, time);
        Budget = new FailureBudget(Options.Create(new HotPathOptions { FailureBudget = failureBudget, FailureWindowSeconds = failureWindowSeconds }), Connection, Metrics, time);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == meters && instrument.Name == "apikeys_redis_fallbacks")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _fallbacks, value));
        _listener.Start();
    }

    public RedisConnection Connection { get; }

    public RedisMetrics Metrics { get; }

    public InMemoryKeyRateLimiter Local { get; }

    public RedisKeyRateLimiter Limiter { get; }

    public FailureBudget Budget { get; }

    public long Fallbacks => Interlocked.Read(ref _fallbacks);

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
