namespace ApiKeys.Api.Proxy;

/// <summary>
/// Which reverse proxies are trusted to name the client (section <c>ForwardedHeaders</c>). Only a connection
/// from one of these has its <c>X-Forwarded-For</c> read; anyone else's header is ignored.
/// </summary>
public sealed class ForwardedHeadersSettings
{
    public const string Section = "ForwardedHeaders";

    /// <summary>Proxy addresses, comma-separated (<c>10.0.0.5,10.0.0.6</c>).</summary>
    public string? KnownProxies { get; set; }

    /// <summary>Proxy networks in CIDR form, comma-separated (<c>10.0.0.0/24</c>).</summary>
    public string? KnownNetworks { get; set; }

    /// <summary>How many proxies in a chain are trusted, from the nearest.</summary>
    public int ForwardLimit { get; set; } = 1;

    public static IEnumerable<string> Items(string? list) =>
        (list ?? string.Empty).Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
