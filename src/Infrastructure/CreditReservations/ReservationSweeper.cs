using ApiKeys.Infrastructure.Background;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ApiKeys.Infrastructure.CreditReservations;

/// <summary>
/// Every quarter of <see cref="GovernanceOptions.ReservationSeconds"/>: ends this node's reservations whose lifetime
/// passed (giving back what they hold) and reclaims expired ones of any node (a node killed before it could give
/// back). At a graceful stop, gives back everything this node holds.
/// </summary>
internal sealed partial class ReservationSweeper(
    ReservingCreditLedger ledger,
    CreditReservationStore store,
    IOptions<GovernanceOptions> options,
    TimeProvider time,
    ILogger<ReservationSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        while (await timer.NextTickAsync(stoppingToken))
        {
            await SweepAsync(stoppingToken);
        }
    }

    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        try
        {
            await ledger.EndAsync(all: false, cancellationToken);
            await store.ReclaimExpiredAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The database may be down: the next sweep tries again; nothing is given back twice.
            LogSweepFailed(logger, exception.GetType().Name);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await ledger.EndAsync(all: true, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Credit reservations not swept ({ExceptionType}); will retry")]
    private static partial void LogSweepFailed(ILogger logger, string exceptionType);
}
