using ApiKeys.Infrastructure.Configuration;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ApiKeys.Infrastructure.Redis;

/// <summary>
/// Section <c>Redis</c>: a Redis server shared by the nodes for rate limits and failure budgets (docs/api.md §8).
/// Without <see cref="Configuration"/> everything is counted on each node.
/// </summary>
public sealed class RedisOptions
{
    public const string Section = "Redis";

    /// <summary>A StackExchange.Redis configuration string, such as <c>redis.internal:6379,password=…</c>.</summary>
    public string? Configuration { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Configuration);

    /// <summary>
    /// The client's options: never fail the start for want of a server (it connects in the background and
    /// reconnects), and short timeouts unless the setting names its own, so a request never waits long for Redis.
    /// </summary>
    public ConfigurationOptions ClientOptions()
    {
        var options = ConfigurationOptions.Parse(Configuration!);
        options.AbortOnConnectFail = false;
        var named = Configuration!.ToLowerInvariant();
        if (!named.Contains("connecttimeout", StringComparison.Ordinal))
        {
            options.ConnectTimeout = 1000;
        }

        if (!named.Contains("synctimeout", StringComparison.Ordinal))
        {
            options.SyncTimeout = 250;
        }

        if (!named.Contains("asynctimeout", StringComparison.Ordinal))
        {
            options.AsyncTimeout = 250;
        }

        if (!named.Contains("connectretry", StringComparison.Ordinal))
        {
            options.ConnectRetry = 1;
        }

        options.ClientName ??= "apikeys";
        return options;
    }
}

public sealed class RedisOptionsValidator : IValidateOptions<RedisOptions>
{
    public ValidateOptionsResult Validate(string? name, RedisOptions options)
    {
        if (!options.IsConfigured)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new SettingsFailures();
        var setting = SettingName.Of(RedisOptions.Section, nameof(RedisOptions.Configuration));
        try
        {
            if (options.ClientOptions().EndPoints.Count == 0)
            {
                failures.Add(setting, "names no server; use host:port[,option=value…], e.g. 127.0.0.1:6379.");
            }
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException)
        {
            // The parser's message names the bad part (never a password: it reports option names and endpoints).
            failures.Add(setting, $"is not a Redis configuration string ({exception.Message}); use host:port[,option=value…].");
        }

        return failures.Result();
    }
}
