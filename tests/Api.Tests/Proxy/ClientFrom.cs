using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace ApiKeys.Api.Tests.Proxy;

/// <summary>
/// An HTTP client whose connections leave from a chosen loopback address (127.0.0.2, 127.0.0.3, …): distinct
/// clients as a reverse proxy, or the service, sees them, all on this machine.
/// </summary>
public static class ClientFrom
{
    public static HttpClient Create(string sourceAddress, Uri baseAddress, string? token = null)
    {
        var source = IPAddress.Parse(sourceAddress);
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(source, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        var client = new HttpClient(handler) { BaseAddress = baseAddress };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }
}
