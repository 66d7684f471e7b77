using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace ApiKeys.Api.Tests.Harness;

/// <summary>
/// The Redis server the tests share (<c>APIKEYS_TEST_REDIS=host:port</c>, started by .ci/run), or a private one
/// started from Debian's <c>redis-server</c> on a free port, for a test that stops and restarts it.
/// </summary>
public sealed class TestRedis : IAsyncDisposable
{
    public const string Variable = "APIKEYS_TEST_REDIS";

    private Process? _process;

    private TestRedis(string configuration, int? port)
    {
        Configuration = configuration;
        Port = port;
    }

    public string Configuration { get; }

    public int? Port { get; }

    public static string? Shared => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    /// <summary>Skips the test, with the reason, when no Redis server is named.</summary>
    public static string SharedOrSkip()
    {
        if (Shared is { } configuration)
        {
            return configuration;
        }

        Assert.Skip($"Needs Redis: set {Variable}=host:port (.ci/run starts redis-server from Debian's package and sets it).");
        return string.Empty;
    }

    public static Task<ConnectionMultiplexer> ConnectAsync(string configuration) =>
        ConnectionMultiplexer.ConnectAsync(configuration + ",abortConnect=false,connectTimeout=2000");

    /// <summary>A redis-server of this test's own; skipped (with the reason) when none can be run here.</summary>
    public static async Task<TestRedis> StartPrivateAsync()
    {
        SharedOrSkip();
        var port = FreePort();
        var redis = new TestRedis($"127.0.0.1:{port}", port);
        await redis.StartAsync();
        return redis;
    }

    public async Task StartAsync()
    {
        _process = Process.Start(new ProcessStartInfo("redis-server", $"--port {Port} --bind 127.0.0.1 --save \"\" --appendonly no")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("redis-server did not start.");
        _ = _process.StandardOutput.ReadToEndAsync();
        _ = _process.StandardError.ReadToEndAsync();
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port!.Value);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new InvalidOperationException($"redis-server did not listen on {Port}.");
    }

    /// <summary>Kills the server (as a crash would): its counts are gone with it.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync() => await KillAsync();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
