using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ApiKeys.Infrastructure.Security.KeyRing;

/// <summary>Says once at start, as a warning, that the key ring is not encrypted.</summary>
public sealed partial class KeyRingProtectionWarning(IOptions<KeyRingOptions> options, ILogger<KeyRingProtectionWarning> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.IsProtected)
        {
            LogUnprotected(logger, KeyRingProtectionCheck.UnprotectedDescription);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Problem}")]
    private static partial void LogUnprotected(ILogger logger, string problem);
}
