using System.Net;
using System.Net.Sockets;

namespace ApiKeys.Infrastructure.Events;

/// <summary>
/// The connect step of the webhook HTTP client: resolves the host itself and connects only to a public address
/// (unless the host is allowed insecure), so DNS rebinding cannot turn an accepted URL into a request to the
/// service's own network. Redirects are not followed at all (see <c>AddEvents</c>).
/// </summary>
internal sealed class WebhookConnector(WebhookUrlPolicy policy)
{
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var endpoint = context.DnsEndPoint;
        var addresses = IPAddress.TryParse(endpoint.Host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(endpoint.Host, cancellationToken);
        var allowed = policy.IsAllowedInsecure(endpoint.Host) ? addresses : [.. addresses.Where(PublicAddresses.IsPublic)];
        if (allowed.Length == 0)
        {
            throw new HttpRequestException($"Webhook host {endpoint.Host} resolves to no address it may be delivered to.");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, endpoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
