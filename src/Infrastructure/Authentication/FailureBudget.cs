using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace ApiKeys.Infrastructure.Authentication;

/// <summary>
/// Failed authentications per client address, in fixed windows (ASP.NET Core's rate-limiting primitives).
/// An address that has spent its budget gets 429 instead of an Argon2 verification; cache hits never ask.
/// </summary>
public sealed class FailureBudget : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public FailureBudget(IOptions<HotPathOptions> options)
    {
        var settings = options.Value;
        _limiter = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(
            address,
            _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = settings.FailureBudget,
                Window = TimeSpan.FromSeconds(settings.FailureWindowSeconds),
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
    }

    public bool IsSpent(string address) => _limiter.GetStatistics(address) is { CurrentAvailablePermits: <= 0 };

    public void RecordFailure(string address)
    {
        using var lease = _limiter.AttemptAcquire(address);
    }

    public void Dispose() => _limiter.Dispose();
}
