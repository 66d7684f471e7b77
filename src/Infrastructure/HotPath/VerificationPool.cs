using System.Diagnostics;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace ApiKeys.Infrastructure.HotPath;

/// <summary>
/// Bounds Argon2 work: at most N verifications at once (default one per core) and a queue bounded by time, not by a
/// fixed length: a verification is admitted while the work already admitted can be done within
/// <c>MaxQueueWaitMilliseconds</c> at the measured speed. Beyond it the caller is refused at once (503) with a
/// <c>Retry-After</c> of the time that work takes, rather than queued without bound. After a restart every key in
/// use needs one verification: admitting by time lets a herd of clients queue for the few milliseconds each takes
/// instead of being sent away and coming back later.
/// </summary>
public sealed class VerificationPool : IDisposable
{
    private readonly ConcurrencyLimiter _limiter;
    private readonly int _concurrency;
    private readonly int _hardLimit;
    private readonly double _maxWaitMs;
    private int _admitted;
    private double _meanMs;

    public VerificationPool(IOptions<HotPathOptions> options)
    {
        var settings = options.Value;
        _concurrency = settings.EffectiveConcurrency;
        _hardLimit = _concurrency + settings.VerificationQueueLimit;
        _maxWaitMs = settings.MaxQueueWaitMilliseconds;
        _meanMs = settings.InitialVerificationEstimateMilliseconds;
        _limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = _concurrency,
            QueueLimit = settings.VerificationQueueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    /// <summary>The mean time one verification holds a slot (moving average), as the admission uses it.</summary>
    public double MeanMilliseconds => Volatile.Read(ref _meanMs);

    /// <summary>Starts the estimate from a measured verification (at start, before the first request).</summary>
    public void Seed(TimeSpan verification) => Volatile.Write(ref _meanMs, Math.Max(0.1, verification.TotalMilliseconds));

    /// <returns>A lease to dispose when the verification is done, or a refusal saying when to come back.</returns>
    public async ValueTask<PoolEntry> EnterAsync(CancellationToken cancellationToken)
    {
        var admitted = Interlocked.Increment(ref _admitted);
        var backlog = WorkMilliseconds(admitted);
        if (admitted > _hardLimit || (admitted > _concurrency && backlog > _maxWaitMs))
        {
            Interlocked.Decrement(ref _admitted);
            return PoolEntry.Refused(TimeSpan.FromMilliseconds(WorkMilliseconds(admitted - 1)));
        }

        RateLimitLease lease;
        try
        {
            lease = await _limiter.AcquireAsync(1, cancellationToken);
        }
        catch
        {
            Interlocked.Decrement(ref _admitted);
            throw;
        }

        if (!lease.IsAcquired)
        {
            lease.Dispose();
            Interlocked.Decrement(ref _admitted);
            return PoolEntry.Refused(TimeSpan.FromMilliseconds(WorkMilliseconds(admitted)));
        }

        return PoolEntry.Entered(new Slot(this, lease));
    }

    public void Dispose() => _limiter.Dispose();

    /// <summary>How long the pool needs for <paramref name="verifications"/> verifications, all slots working.</summary>
    private double WorkMilliseconds(int verifications) => Math.Max(0, verifications) * MeanMilliseconds / _concurrency;

    private void Done(long startedTimestamp)
    {
        var elapsed = Stopwatch.GetElapsedTime(startedTimestamp).TotalMilliseconds;
        double current, next;
        do
        {
            // One slow sample (a first query being compiled, a pause) moves the estimate by a bounded step only.
            current = Volatile.Read(ref _meanMs);
            next = (current * 0.9) + (Math.Min(elapsed, current * 4) * 0.1);
        }
        while (Interlocked.CompareExchange(ref _meanMs, next, current) != current);

        Interlocked.Decrement(ref _admitted);
    }

    private sealed class Slot(VerificationPool pool, RateLimitLease lease) : IDisposable
    {
        private readonly long _started = Stopwatch.GetTimestamp();
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                lease.Dispose();
                pool.Done(_started);
            }
        }
    }
}

/// <summary>Either a slot in the pool (dispose it when done) or a refusal with the time after which to retry.</summary>
public readonly record struct PoolEntry(IDisposable? Lease, TimeSpan RetryAfter)
{
    public static PoolEntry Entered(IDisposable lease) => new(lease, TimeSpan.Zero);

    public static PoolEntry Refused(TimeSpan retryAfter) => new(null, retryAfter);
}
