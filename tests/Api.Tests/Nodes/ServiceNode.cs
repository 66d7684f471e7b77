using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using ApiKeys.Api.Tests.Harness;

namespace ApiKeys.Api.Tests.Nodes;

/// <summary>One service process (the built ApiKeys.Api.dll) on a free loopback port: a real node of a cluster.</summary>
public sealed partial class ServiceNode : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private ServiceNode(Process process, Uri address)
    {
        _process = process;
        Address = address;
        process.OutputDataReceived += (_, e) => Receive(e.Data);
        process.ErrorDataReceived += (_, e) => Receive(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri Address { get; }

    public IEnumerable<string> Output => _output;

    public Process Process => _process;

    /// <summary>The organization and owner key the bootstrap of an empty database printed at this node's start.</summary>
    public (string Org, string OwnerKey) Bootstrap() => BootstrapIn(string.Join('\n', _output));

    /// <summary>The organization and owner key a bootstrap printed in <paramref name="output"/> (a start, or the <c>bootstrap</c> verb).</summary>
    public static (string Org, string OwnerKey) BootstrapIn(string output) => (OrgPattern().Match(output).Value, TokenPattern().Match(output).Value);

    /// <summary>
    /// Everything a process writes also goes to the suite-wide log check (JSON console logs included), except the
    /// one line where first-run bootstrap prints the owner key on standard output by design.
    /// </summary>
    private void Receive(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        if (_bootstrapKeyExpected && BareToken().IsMatch(line))
        {
            _bootstrapKeyExpected = false;
            return;
        }

        _bootstrapKeyExpected |= line.StartsWith("ApiKeys bootstrap: created organization", StringComparison.Ordinal);
        SuiteLog.Record(line);
    }

    private bool _bootstrapKeyExpected;

    [System.Text.RegularExpressions.GeneratedRegex(@"^\s*capy_live_[0-9A-Za-z]{38}\s*$")]
    private static partial System.Text.RegularExpressions.Regex BareToken();

    /// <param name="workingDirectory">Where the process starts (default: beside the dll); the service must not care.</param>
    /// <param name="port">A fixed port (a reverse proxy in front expects it); default: a free one.</param>
    /// <param name="executable">A published program to run instead of the built dll.</param>
    public static async Task<ServiceNode> StartAsync(IReadOnlyDictionary<string, string> settings, string? workingDirectory = null, int? port = null, string? executable = null)
    {
        var address = new Uri($"http://127.0.0.1:{port ?? FreePort()}");
        var node = new ServiceNode(Process.Start(StartInfo(settings, workingDirectory, executable, "--urls", address.ToString().TrimEnd('/')))!, address);
        if (await Readiness.WaitAsync(node.Address, () => Task.FromResult(!node._process.HasExited)))
        {
            return node;
        }

        await node.DisposeAsync();
        throw new InvalidOperationException("The service did not become ready: " + string.Join('\n', node.Output));
    }

    /// <summary>
    /// Runs a verb (<c>bootstrap --org-name X</c>) to its end: its standard output is its answer (not a log, so not
    /// recorded in the suite log); its standard error is.
    /// </summary>
    public static async Task<string> RunVerbAsync(IReadOnlyDictionary<string, string> settings, params string[] arguments)
    {
        using var process = Process.Start(StartInfo(settings, null, null, arguments))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        foreach (var line in (await error).Split('\n'))
        {
            SuiteLog.Record(line);
        }

        return process.ExitCode == 0 ? await output : throw new InvalidOperationException($"`{string.Join(' ', arguments)}` exited with {process.ExitCode}: {await error}");
    }

    /// <summary>Runs the service with <paramref name="settings"/> until it exits by itself (a start-up failure).</summary>
    /// <returns>The exit code and standard error; <see langword="null"/> exit code if it was still running at the timeout.</returns>
    public static async Task<(int? ExitCode, string Error)> RunUntilExitAsync(IReadOnlyDictionary<string, string> settings, TimeSpan timeout)
    {
        using var process = Process.Start(StartInfo(settings, Path.GetTempPath(), null, "--urls", $"http://127.0.0.1:{FreePort()}"))!;
        var error = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return (null, await error);
        }

        var text = await error;
        foreach (var line in text.Split('\n'))
        {
            SuiteLog.Record(line);
        }

        return (process.ExitCode, text);
    }

    private static ProcessStartInfo StartInfo(IReadOnlyDictionary<string, string> settings, string? workingDirectory, string? executable, params string[] arguments)
    {
        var start = new ProcessStartInfo(executable ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetDirectoryName(executable ?? ApiDll())!,
        };
        if (executable is null)
        {
            start.ArgumentList.Add(ApiDll());
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        return start;
    }

    /// <summary>Asks the process to stop as systemd does (SIGTERM) and waits for a graceful exit.</summary>
    public async Task<int> StopGracefullyAsync(TimeSpan timeout)
    {
        Posix.Terminate(_process.Id);
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        return _process.ExitCode;
    }

    public HttpClient Client(string token)
    {
        var client = new HttpClient { BaseAddress = Address };
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
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

    /// <summary>The Api built beside this test assembly's configuration (src/Api/bin/&lt;Debug|Release&gt;/net10.0).</summary>
    internal static string ApiDll()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ApiKeys.sln")))
        {
            directory = directory.Parent;
        }

        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        return Path.Combine(directory?.FullName ?? throw new InvalidOperationException("ApiKeys.sln not found."), "src", "Api", "bin", configuration, "net10.0", "ApiKeys.Api.dll");
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex("capy_live_[0-9A-Za-z]{38}")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("org_[0-9a-f]{32}")]
    private static partial Regex OrgPattern();
}
