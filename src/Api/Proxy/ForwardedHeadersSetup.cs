using ApiKeys.Domain.Common;
using ApiKeys.Infrastructure.Configuration;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace ApiKeys.Api.Proxy;

/// <summary>
/// ASP.NET Core's forwarded-headers middleware, trusting exactly the configured proxies (none by default, not
/// even loopback): the client address it yields feeds rate limits, failure budgets and audit <c>ip_address</c>.
/// </summary>
public static class ForwardedHeadersSetup
{
    public static IServiceCollection AddForwardedHeadersFromSettings(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<ForwardedHeadersSettings, ForwardedHeadersSettingsValidator>(configuration, ForwardedHeadersSettings.Section);
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ForwardedHeadersSettings>>((options, settings) =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.ForwardLimit = settings.Value.ForwardLimit;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in ForwardedHeadersSettings.Items(settings.Value.KnownProxies))
            {
                if (IpAddressText.TryParse(proxy, out var address))
                {
                    options.KnownProxies.Add(address);
                }
            }

            foreach (var network in ForwardedHeadersSettings.Items(settings.Value.KnownNetworks))
            {
                if (TryParseNetwork(network, out var parsed))
                {
                    options.KnownIPNetworks.Add(parsed);
                }
            }
        });
        return services;
    }

    /// <summary>A trusted network: the strict address reader, then a prefix (the network's own rules: no host bits set).</summary>
    internal static bool TryParseNetwork(string text, out System.Net.IPNetwork network)
    {
        network = default;
        return IpAddressText.TryParseCidr(text, out _, out var prefix) && prefix >= 0 && System.Net.IPNetwork.TryParse(text, out network);
    }

    /// <summary>Whether any proxy is trusted; without one the middleware is not even in the pipeline.</summary>
    public static bool TrustsProxies(IServiceProvider services)
    {
        var settings = services.GetRequiredService<IOptions<ForwardedHeadersSettings>>().Value;
        return ForwardedHeadersSettings.Items(settings.KnownProxies).Any() || ForwardedHeadersSettings.Items(settings.KnownNetworks).Any();
    }
}

public sealed class ForwardedHeadersSettingsValidator : IValidateOptions<ForwardedHeadersSettings>
{
    private static string Name(string key) => SettingName.Of(ForwardedHeadersSettings.Section, key);

    public ValidateOptionsResult Validate(string? name, ForwardedHeadersSettings options)
    {
        var failures = new SettingsFailures();
        var badProxies = ForwardedHeadersSettings.Items(options.KnownProxies).Where(p => !IpAddressText.TryParse(p, out _)).ToList();
        if (badProxies.Count > 0)
        {
            failures.Add(Name(nameof(ForwardedHeadersSettings.KnownProxies)), $"'{string.Join("', '", badProxies)}' is not an IP address.");
        }

        var badNetworks = ForwardedHeadersSettings.Items(options.KnownNetworks).Where(n => !ForwardedHeadersSetup.TryParseNetwork(n, out _)).ToList();
        if (badNetworks.Count > 0)
        {
            failures.Add(Name(nameof(ForwardedHeadersSettings.KnownNetworks)), $"'{string.Join("', '", badNetworks)}' is not a network in CIDR form (10.0.0.0/24).");
        }

        failures.RequireRange(Name(nameof(ForwardedHeadersSettings.ForwardLimit)), options.ForwardLimit, 1, 10);
        return failures.Result();
    }
}
