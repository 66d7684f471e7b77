using ApiKeys.Infrastructure.Background;
using ApiKeys.Infrastructure.CreditReservations;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ApiKeys.Infrastructure.RateLimiting;

/// <summary>
/// Every quarter of <see cref="GovernanceOptions.ReservationSeconds"/>: gives back to Redis what this node's ended
/// rate-limit slices did not spend (a key no longer asked for holds nothing for long). At a graceful stop, all of it.
/// </summary>
internal sealed partial class RateLimitSliceSweeper(
    RedisKeyRateLimiter limiter,
    IOptions<GovernanceOptions> options,
    TimeProvider time,
    ILogger<RateLimitSliceSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        while (await timer.NextTickAsync(stoppingToken))
        {
            await SweepAsync(all: false, stoppingToken);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await SweepAsync(all: true, cancellationToken);
    }

    private async Task SweepAsync(bool all, CancellationToken cancellationToken)
    {
        try
        {
            await limiter.EndAsync(all, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogSweepFailed(logger, exception.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rate-limit slices not swept ({ExceptionType}); will retry")]
    private static partial void LogSweepFailed(ILogger logger, string exceptionType);
}
