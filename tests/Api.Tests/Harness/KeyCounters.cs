using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using ApiKeys.Infrastructure.HotPath;
using Microsoft.Extensions.DependencyInjection;

namespace ApiKeys.Api.Tests.Harness;

/// <summary>The hot-path counters (<see cref="KeyMetrics"/>) of one service instance, as the service counts them.</summary>
public sealed class KeyCounters : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _totals = new(StringComparer.Ordinal);

    public KeyCounters(IServiceProvider services)
    {
        var meter = services.GetRequiredService<KeyMetrics>().Verifications.Meter;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => _totals.AddOrUpdate(instrument.Name, value, (_, total) => total + value));
        _listener.Start();
    }

    /// <summary>Argon2id verifications this instance performed.</summary>
    public long Argon2 => this["apikeys_argon2_verifications"];

    public long DigestHits => this["apikeys_token_digest_hits"];

    public long DigestsWritten => this["apikeys_token_digests_written"];

    public long this[string name] => _totals.GetValueOrDefault(name);

    public void Dispose() => _listener.Dispose();
}
