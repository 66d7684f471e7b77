using System.Diagnostics;
using ApiKeys.Api.Tests.Harness;

namespace ApiKeys.Api.Tests.Nodes;

/// <summary>
/// The service's container image (deploy/container) run with podman on the host's network, as a black box: only its
/// HTTP port, its verbs and what podman says of it. Every line it logs goes to the suite-wide log check.
/// </summary>
public sealed class ContainerNode : IAsyncDisposable
{
    /// <summary>Set by .ci/run (and ./test.sh where podman is installed) to the image deploy/container/build.sh made.</summary>
    public const string ImageVariable = "APIKEYS_TEST_CONTAINER_IMAGE";

    private bool _removed;

    private ContainerNode(string name, Uri address)
    {
        Name = name;
        Address = address;
    }

    public string Name { get; }

    public Uri Address { get; }

    public static string? Image => Environment.GetEnvironmentVariable(ImageVariable) is { Length: > 0 } value ? value : null;

    public static string SkipReason => $"Needs the container image: set {ImageVariable} (.ci/run builds it with deploy/container/build.sh and podman).";

    /// <summary>A named volume for the container's <c>/data</c>; <see cref="RemoveVolumeAsync"/> deletes it.</summary>
    public static async Task<string> CreateVolumeAsync()
    {
        var volume = "apikeys-test-" + Guid.NewGuid().ToString("N")[..12];
        await PodmanAsync("volume", "create", volume);
        return volume;
    }

    public static Task RemoveVolumeAsync(string volume) => PodmanAsync("volume", "rm", "--force", volume);

    /// <summary>Runs a verb (<c>bootstrap --org-name X</c>) in a container of its own: its standard output is its answer.</summary>
    public static async Task<string> RunVerbAsync(string volume, IReadOnlyDictionary<string, string> settings, params string[] arguments)
    {
        var (exit, output, error) = await RunAsync([.. RunArguments(volume, settings, "--rm"), Image!, .. arguments]);
        foreach (var line in error.Split('\n'))
        {
            SuiteLog.Record(line);
        }

        return exit == 0 ? output : throw new InvalidOperationException($"`{string.Join(' ', arguments)}` in the container exited with {exit}: {error}");
    }

    /// <summary>Starts the service's container on a free port of the host's network and waits until it is ready.</summary>
    public static async Task<ContainerNode> StartAsync(string volume, IReadOnlyDictionary<string, string> settings)
    {
        var port = ServiceNode.FreePort();
        var name = "apikeys-test-" + Guid.NewGuid().ToString("N")[..12];
        var withPort = new Dictionary<string, string>(settings) { ["ASPNETCORE_HTTP_PORTS"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        await PodmanAsync([.. RunArguments(volume, withPort, "--detach", "--name", name), Image!]);
        var node = new ContainerNode(name, new Uri($"http://127.0.0.1:{port}"));
        if (await Readiness.WaitAsync(node.Address, async () => await node.StateAsync("{{.State.Running}}") == "true"))
        {
            return node;
        }

        var logs = await node.LogsAsync();
        await node.DisposeAsync();
        throw new InvalidOperationException($"The container did not become ready: {logs}");
    }

    /// <summary>A command run inside the running container, as its own user; its standard output.</summary>
    public Task<string> ExecAsync(params string[] command) => PodmanAsync(["exec", Name, .. command]);

    /// <summary>The image's own health check, run once now (podman healthcheck run): true when it passed.</summary>
    public async Task<bool> HealthCheckPassesAsync() => (await RunAsync(["healthcheck", "run", Name])).Exit == 0;

    /// <summary>A field of <c>podman inspect</c> for the container (a Go template such as <c>{{.State.ExitCode}}</c>).</summary>
    public async Task<string> StateAsync(string template) => (await PodmanAsync("inspect", "--format", template, Name)).Trim();

    /// <summary>Stops it as an orchestrator does (SIGTERM, then SIGKILL after the timeout) and returns its exit code.</summary>
    public async Task<int> StopAsync(TimeSpan timeout)
    {
        await PodmanAsync("stop", "--time", ((int)timeout.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture), Name);
        return int.Parse(await StateAsync("{{.State.ExitCode}}"), System.Globalization.CultureInfo.InvariantCulture);
    }

    public HttpClient Client(string token)
    {
        var client = new HttpClient { BaseAddress = Address };
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        if (_removed)
        {
            return;
        }

        _removed = true;
        foreach (var line in (await LogsAsync()).Split('\n'))
        {
            SuiteLog.Record(line);
        }

        await RunAsync(["rm", "--force", "--time", "5", Name]);
    }

    private async Task<string> LogsAsync()
    {
        var (_, output, error) = await RunAsync(["logs", Name]);
        return output + error;
    }

    // The host's network: the tests reach it on 127.0.0.1, and it reaches their PostgreSQL, Redis and webhook
    // receivers there. No timer for the health check (podman sets it up through systemd, which a CI machine may not
    // run): the tests run the check themselves.
    private static string[] RunArguments(string volume, IReadOnlyDictionary<string, string> settings, params string[] options) =>
        ["run", .. options, "--network", "host", "--health-interval=disable", "--volume", $"{volume}:/data",
            .. settings.SelectMany(setting => new[] { "--env", $"{setting.Key}={setting.Value}" })];

    private static async Task<string> PodmanAsync(params string[] arguments)
    {
        var (exit, output, error) = await RunAsync(arguments);
        return exit == 0 ? output : throw new InvalidOperationException($"podman {string.Join(' ', arguments.Take(3))} exited with {exit}: {error}");
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("podman") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}
