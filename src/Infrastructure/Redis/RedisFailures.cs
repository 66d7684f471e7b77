using StackExchange.Redis;

namespace ApiKeys.Infrastructure.Redis;

/// <summary>The exceptions that mean "Redis cannot be reached now" (count on this node), as opposed to bugs.</summary>
public static class RedisFailures
{
    public static bool IsUnavailable(Exception exception) =>
        exception is RedisConnectionException or RedisTimeoutException or TimeoutException or ObjectDisposedException
        || (exception is RedisServerException server && server.Message.StartsWith("LOADING", StringComparison.Ordinal));
}
