using ApiKeys.Application.Abstractions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ApiKeys.Infrastructure.Security.TokenDigests;

/// <summary>
/// Reads the digest keys (or makes the SQLite default file) when the service starts, not at the first request, and
/// says once, as a warning, when there are none: then every restart verifies each key in use with Argon2id again.
/// </summary>
public sealed partial class TokenDigestStartup(ITokenDigester digester, ILogger<TokenDigestStartup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (digester is NoTokenDigester)
        {
            LogNoKeys(logger);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "No token digest keys (Security__TokenDigestKeys): after a restart every key in use costs one Argon2id verification again. Set the same keys on every node.")]
    private static partial void LogNoKeys(ILogger logger);
}
