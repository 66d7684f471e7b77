using System.Threading.RateLimiting;
using ApiKeys.Infrastructure.RateLimiting;
using Microsoft.Extensions.Options;

namespace ApiKeys.Api.RateLimiting;

/// <summary>
/// The verify limit's token buckets, one per calling credential, in one place: ASP.NET Core's rate-limiting
/// middleware takes its permits from here (through <see cref="For"/>), and so does the direct lookup of a warm
/// verifier key, so a credential has one limit whichever way its requests go. With <c>Redis__Configuration</c>
/// the buckets are shared by every node (<see cref="SharedTokenBuckets"/>); while Redis cannot be reached, and
/// without it, each node has its own.
/// </summary>
public sealed class VerifyBuckets(IOptions<RateLimitOptions> options, SharedTokenBuckets shared) : IDisposable
{
    private const string Counter = "verify_limit";

    private readonly int _perSecond = options.Value.VerifyPermitsPerSecond;

    private readonly PartitionedRateLimiter<string> _buckets = PartitionedRateLimiter.Create(BucketsOf(new TokenBucketRateLimiterOptions
    {
        TokenLimit = options.Value.VerifyPermitsPerSecond * 2,
        TokensPerPeriod = options.Value.VerifyPermitsPerSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    }));

    /// <summary>With no I/O: this node's bucket, or with Redis this node's batch of the shared one (none left: not acquired, ask <see cref="AcquireAsync"/>).</summary>
    public RateLimitLease AttemptAcquire(string credential) =>
        !shared.IsConfigured ? _buckets.AttemptAcquire(credential)
        : shared.TryTakeLocal("verify:" + credential) ? Lease.Granted : Lease.NotYet;

    public async ValueTask<RateLimitLease> AcquireAsync(string credential)
    {
        if (!shared.IsConfigured)
        {
            return _buckets.AttemptAcquire(credential);
        }

        return await shared.TakeAsync("verify:" + credential, _perSecond, _perSecond * 2, Counter) switch
        {
            { Taken: true } => Lease.Granted,
            { } refused => Lease.RefusedFor(refused.RetryAfter),
            null => _buckets.AttemptAcquire(credential),
        };
    }

    /// <summary>A limiter for the middleware's partition <paramref name="credential"/> that draws on the shared bucket.</summary>
    public RateLimiter For(string credential) => new SharedBucket(this, credential);

    public void Dispose() => _buckets.Dispose();

    // The partitioner runs on every take: one limiter factory made here, so a take allocates no delegate.
    private static Func<string, RateLimitPartition<string>> BucketsOf(TokenBucketRateLimiterOptions bucket)
    {
        Func<string, RateLimiter> create = _ => new TokenBucketRateLimiter(bucket);
        return credential => RateLimitPartition.Get(credential, create);
    }

    private sealed class SharedBucket(VerifyBuckets buckets, string credential) : RateLimiter
    {
        // The shared limiter replenishes and retires its own buckets; this view is never idle on its own.
        public override TimeSpan? IdleDuration => null;

        public override RateLimiterStatistics? GetStatistics() => buckets._buckets.GetStatistics(credential);

        protected override RateLimitLease AttemptAcquireCore(int permitCount) => buckets.AttemptAcquire(credential);

        // The middleware asks here when AttemptAcquire had nothing without I/O.
        protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
            await buckets.AcquireAsync(credential);
    }

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static Lease Granted { get; } = new(true, null);

        public static Lease NotYet { get; } = new(false, null);

        public static Lease RefusedFor(TimeSpan retryAfter) => new(false, retryAfter);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter;
            return retryAfter is not null && metadataName == MetadataName.RetryAfter.Name;
        }
    }
}
