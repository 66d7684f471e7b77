using System.Diagnostics;

namespace ApiKeys.Api.Tests.Nodes;

/// <summary>SIGTERM, what systemd sends on <c>systemctl stop</c> (Process.Kill sends SIGKILL, which skips the graceful stop).</summary>
internal static class Posix
{
    public static void Terminate(int processId)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", processId.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false })!;
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -TERM {processId} failed with exit code {kill.ExitCode}.");
        }
    }
}
