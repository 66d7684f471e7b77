using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ApiKeys.Api.Tests.Contract;

/// <summary>
/// Stoplight Prism in proxy mode in front of a running service: it forwards every request and reports, in an
/// <c>sl-violations</c> header, where the request or the answer departs from docs/openapi.json.
/// </summary>
public sealed class PrismProxy : IAsyncDisposable
{
    /// <summary>The prism executable (.ci/run installs @stoplight/prism-cli and sets it).</summary>
    public static string? Executable => Environment.GetEnvironmentVariable("APIKEYS_TEST_PRISM");

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private PrismProxy(Process process, Uri address)
    {
        _process = process;
        Address = address;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { _output.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { _output.Enqueue(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri Address { get; }

    public static async Task<PrismProxy> StartAsync(string document, Uri upstream)
    {
        var port = FreePort();
        var start = new ProcessStartInfo(Executable!)
        {
            ArgumentList = { "proxy", document, upstream.ToString().TrimEnd('/'), "--host", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--errors", "false" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var proxy = new PrismProxy(Process.Start(start)!, new Uri($"http://127.0.0.1:{port}"));
        for (var i = 0; i < 240; i++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return proxy;
            }
            catch (SocketException)
            {
                await Task.Delay(250);
            }
        }

        await proxy.DisposeAsync();
        throw new InvalidOperationException("Prism did not start: " + string.Join('\n', proxy._output));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
