using System.Runtime.InteropServices;
using ApiKeys.Application.Abstractions;
using ApiKeys.Domain.Common;

namespace ApiKeys.Infrastructure.HotPath;

/// <summary>
/// Counts each key's outcomes per UTC hour in memory; <see cref="UsageFlusher"/> adds them to the database in one
/// batch every few seconds and at a graceful stop. Keys are spread over striped locks held for a dictionary update
/// only (no I/O, no allocation once a key's hour exists), so a count is never lost between a record and a drain.
/// A drained batch is in flight until <see cref="Written"/> or <see cref="Restore"/>; <see cref="FlushState"/> lets
/// a reader tell whether one was in flight or landed while it read.
/// </summary>
public sealed class UsageCounter : IUsageCounter
{
    private readonly TimeProvider _time;
    private readonly Stripe[] _stripes;
    private long _drained;
    private long _settled;

    public UsageCounter(TimeProvider time)
    {
        _time = time;
        _stripes = new Stripe[Math.Max(8, Environment.ProcessorCount * 4)];
        for (var i = 0; i < _stripes.Length; i++)
        {
            _stripes[i] = new Stripe();
        }
    }

    public static DateTimeOffset HourOf(DateTimeOffset instant)
    {
        var utc = instant.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerHour), TimeSpan.Zero);
    }

    public void Record(ApiKeyId key, UsageOutcome outcome) => Add(key, HourOf(_time.GetUtcNow()), UsageCounts.Of(outcome));

    /// <summary>Takes everything counted so far; new counts go to a fresh batch.</summary>
    public IReadOnlyDictionary<UsageSlot, UsageCounts> Drain()
    {
        var batch = new Dictionary<UsageSlot, UsageCounts>();
        var inFlight = false;
        foreach (var stripe in _stripes)
        {
            Dictionary<UsageSlot, UsageCounts> taken;
            lock (stripe)
            {
                if (stripe.Pending.Count == 0)
                {
                    continue;
                }

                if (!inFlight)
                {
                    // In flight before the first count leaves: a reader never sees one neither here nor written.
                    Interlocked.Increment(ref _drained);
                    inFlight = true;
                }

                taken = stripe.Pending;
                stripe.Pending = [];
            }

            foreach (var (slot, counts) in taken)
            {
                batch[slot] = counts;
            }
        }

        return batch;
    }

    /// <summary>A drained batch is in the database now.</summary>
    public void Written() => Interlocked.Increment(ref _settled);

    /// <summary>Puts back a batch whose write failed, adding it to whatever was counted meanwhile.</summary>
    public void Restore(IReadOnlyDictionary<UsageSlot, UsageCounts> batch)
    {
        foreach (var (slot, counts) in batch)
        {
            Add(slot.Key, slot.HourStart, counts);
        }

        Interlocked.Increment(ref _settled);
    }

    /// <summary>
    /// Batches drained and batches settled so far: equal when none is in flight; the same before and after a read
    /// of the database and of <see cref="Pending"/> when no batch moved between them during it.
    /// </summary>
    public (long Drained, long Settled) FlushState
    {
        get
        {
            // Settled first: a batch settling between the two reads then shows as in flight, never the reverse.
            var settled = Volatile.Read(ref _settled);
            return (Volatile.Read(ref _drained), settled);
        }
    }

    /// <summary>What this node counted for <paramref name="key"/> and has not written yet, by hour.</summary>
    public IReadOnlyDictionary<DateTimeOffset, UsageCounts> Pending(ApiKeyId key)
    {
        var stripe = StripeOf(key);
        lock (stripe)
        {
            return stripe.Pending.Where(p => p.Key.Key == key).ToDictionary(p => p.Key.HourStart, p => p.Value);
        }
    }

    private void Add(ApiKeyId key, DateTimeOffset hourStart, UsageCounts counts)
    {
        var stripe = StripeOf(key);
        lock (stripe)
        {
            ref var current = ref CollectionsMarshal.GetValueRefOrAddDefault(stripe.Pending, new UsageSlot(key, hourStart), out _);
            current += counts;
        }
    }

    private Stripe StripeOf(ApiKeyId key) => _stripes[(int)((uint)key.GetHashCode() % (uint)_stripes.Length)];

    private sealed class Stripe
    {
        public Dictionary<UsageSlot, UsageCounts> Pending = [];
    }
}

/// <summary>One key's hour.</summary>
public readonly record struct UsageSlot(ApiKeyId Key, DateTimeOffset HourStart);
