using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace ApiKeys.Api.RateLimiting;

/// <summary>
/// The verify limit's token buckets, one per calling credential, in one place: ASP.NET Core's rate-limiting
/// middleware takes its permits from here (through <see cref="For"/>), and so does the direct lookup of a warm
/// verifier key, so a credential has one limit whichever way its requests go.
/// </summary>
public sealed class VerifyBuckets(IOptions<RateLimitOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _buckets = PartitionedRateLimiter.Create<string, string>(credential =>
        RateLimitPartition.GetTokenBucketLimiter(credential, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = options.Value.VerifyPermitsPerSecond * 2,
            TokensPerPeriod = options.Value.VerifyPermitsPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    public RateLimitLease AttemptAcquire(string credential) => _buckets.AttemptAcquire(credential);

    /// <summary>A limiter for the middleware's partition <paramref name="credential"/> that draws on the shared bucket.</summary>
    public RateLimiter For(string credential) => new SharedBucket(_buckets, credential);

    public void Dispose() => _buckets.Dispose();

    private sealed class SharedBucket(PartitionedRateLimiter<string> buckets, string credential) : RateLimiter
    {
        // The shared limiter replenishes and retires its own buckets; this view is never idle on its own.
        public override TimeSpan? IdleDuration => null;

        public override RateLimiterStatistics? GetStatistics() => buckets.GetStatistics(credential);

        protected override RateLimitLease AttemptAcquireCore(int permitCount) => buckets.AttemptAcquire(credential, permitCount);

        protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
            buckets.AcquireAsync(credential, permitCount, cancellationToken);
    }
}
