using ApiKeys.Application.Events.Expiry;
using ApiKeys.Infrastructure.Background;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ApiKeys.Infrastructure.Events;

/// <summary>Now and then, on every node, raises the expiry events that have come due (<see cref="RaiseExpiryEventsCommand"/>).</summary>
public sealed partial class ExpiryScanner(IServiceScopeFactory scopes, IOptions<WebhookOptions> options, TimeProvider time, ILogger<ExpiryScanner> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.ExpiryScanSeconds), time);
        do
        {
            try
            {
                await ScanOnceAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogScanFailed(logger, exception.GetType().Name);
            }
        }
        while (await timer.NextTickAsync(stoppingToken));
    }

    public async Task<int> ScanOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new RaiseExpiryEventsCommand(), cancellationToken);
        // Another node raising the same notice first makes this save conflict: those events were raised there.
        return result.IsSuccess ? result.Value : 0;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Expiry scan failed ({ExceptionType}); will retry")]
    private static partial void LogScanFailed(ILogger logger, string exceptionType);
}
