using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ApiKeys.Infrastructure.Redis;

/// <summary>
/// The one connection to Redis every shared counter uses (a multiplexer is meant to be shared). Connecting starts
/// with the service and never blocks a request: until Redis answers, and whenever it stops answering,
/// <see cref="Database"/> is <see langword="null"/> and callers count on this node; the client reconnects by itself.
/// </summary>
public sealed partial class RedisConnection : IAsyncDisposable
{
    private readonly ILogger<RedisConnection> _logger;
    private readonly Task<IConnectionMultiplexer?> _connecting;

    public RedisConnection(IOptions<RedisOptions> options, ILogger<RedisConnection> logger)
    {
        _logger = logger;
        IsConfigured = options.Value.IsConfigured;
        _connecting = IsConfigured ? ConnectAsync(options.Value.ClientOptions()) : Task.FromResult<IConnectionMultiplexer?>(null);
    }

    /// <summary>Whether <c>Redis__Configuration</c> names a server (counts are then shared whenever it answers).</summary>
    public bool IsConfigured { get; }

    /// <summary>The multiplexer once created (connected or not); <see langword="null"/> when Redis is not configured or not created yet.</summary>
    public IConnectionMultiplexer? Multiplexer => _connecting.IsCompletedSuccessfully ? _connecting.Result : null;

    /// <summary>The database while connected; <see langword="null"/> otherwise (count on this node).</summary>
    public IDatabase? Database => Multiplexer is { IsConnected: true } multiplexer ? multiplexer.GetDatabase() : null;

    public Task<IConnectionMultiplexer?> WhenCreated => _connecting;

    private async Task<IConnectionMultiplexer?> ConnectAsync(ConfigurationOptions options)
    {
        try
        {
            var multiplexer = await ConnectionMultiplexer.ConnectAsync(options);
            multiplexer.ConnectionFailed += (_, e) => LogLost(_logger, e.EndPoint?.ToString() ?? "?", e.FailureType.ToString());
            multiplexer.ConnectionRestored += (_, e) => LogRestored(_logger, e.EndPoint?.ToString() ?? "?");
            if (!multiplexer.IsConnected)
            {
                LogNotConnected(_logger);
            }

            return multiplexer;
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            LogNotConnected(_logger);
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (await _connecting is { } multiplexer)
        {
            await multiplexer.DisposeAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis is not reachable yet: rate limits and failure budgets are counted on this node until it is.")]
    private static partial void LogNotConnected(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis connection to {EndPoint} lost ({FailureType}): counting on this node until it is back.")]
    private static partial void LogLost(ILogger logger, string endPoint, string failureType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis connection to {EndPoint} restored: counting in Redis again.")]
    private static partial void LogRestored(ILogger logger, string endPoint);
}
