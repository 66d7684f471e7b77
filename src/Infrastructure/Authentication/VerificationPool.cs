using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace ApiKeys.Infrastructure.Authentication;

/// <summary>
/// Bounds Argon2 work: at most N verifications at once (default half the cores) and a short queue; beyond it a
/// caller is refused at once (503 with Retry-After) rather than queued without bound.
/// </summary>
public sealed class VerificationPool(IOptions<HotPathOptions> options) : IDisposable
{
    private readonly ConcurrencyLimiter _limiter = new(new ConcurrencyLimiterOptions
    {
        PermitLimit = options.Value.EffectiveConcurrency,
        QueueLimit = options.Value.VerificationQueueLimit,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    });

    /// <returns>A lease to dispose when the verification is done, or <see langword="null"/> when the pool is full.</returns>
    public async ValueTask<IDisposable?> EnterAsync(CancellationToken cancellationToken)
    {
        var lease = await _limiter.AcquireAsync(1, cancellationToken);
        if (lease.IsAcquired)
        {
            return lease;
        }

        lease.Dispose();
        return null;
    }

    public void Dispose() => _limiter.Dispose();
}
