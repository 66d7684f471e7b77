using System.Net;
using System.Net.Sockets;
using ApiKeys.Application.Abstractions;
using Microsoft.Extensions.Options;

namespace ApiKeys.Infrastructure.Events;

/// <summary>
/// docs/api.md §10: webhook URLs are https://, and never reach an address of an IANA special-purpose range
/// (<see cref="PublicAddresses"/>), unless their
/// host is in <c>Webhooks__AllowInsecureHosts</c>. Checked when an endpoint is created, and again on every connection
/// (<see cref="WebhookConnector"/>), since a name can resolve elsewhere later.
/// </summary>
public sealed class WebhookUrlPolicy(IOptions<WebhookOptions> options) : IWebhookUrlPolicy
{
    public bool IsAllowedInsecure(string host) => options.Value.InsecureHosts().Contains(host);

    public async Task<string?> RefuseAsync(Uri url, CancellationToken cancellationToken)
    {
        var host = url.IdnHost;
        if (IsAllowedInsecure(host))
        {
            return null;
        }

        if (url.Scheme != Uri.UriSchemeHttps)
        {
            return "url must use https:// (plain http only for hosts listed in Webhooks__AllowInsecureHosts).";
        }

        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        }
        catch (SocketException)
        {
            return "url's host cannot be resolved.";
        }

        return addresses.Length == 0 || addresses.Any(a => !PublicAddresses.IsPublic(a))
            ? "url must not point at an address of a special-purpose range (loopback, private, link-local, CGNAT, documentation, benchmarking, multicast, reserved, 6to4, Teredo, NAT64, ORCHID, unique-local)."
            : null;
    }
}
