using System.Text.RegularExpressions;
using ApiKeys.Api.Tests.Hardening;
using Microsoft.Extensions.Logging;

[assembly: AssemblyFixture(typeof(ApiKeys.Api.Tests.Harness.SuiteLog))]

namespace ApiKeys.Api.Tests.Harness;

/// <summary>
/// Every log line every service instance of the whole integration suite writes (Information and above, what a
/// production log carries). When the suite ends, any well-formed token, Argon2 hash, Data Protection payload or webhook signing secret in
/// any of them fails the run.
/// </summary>
public sealed partial class SuiteLog : IAsyncDisposable
{
    private static readonly CapturingLoggerProvider Lines = new();

    public static void AddTo(ILoggingBuilder logging)
    {
        // Its own provider type, so that a test class's filters for its CapturingLoggerProvider (Trace, a canary) do not apply here.
        logging.AddProvider(new SuiteLogProvider());
        logging.AddFilter<SuiteLogProvider>(null, LogLevel.Information);
    }

    /// <summary>A line a service process wrote (its console log, in whatever format it was configured with).</summary>
    public static void Record(string line) => Lines.Lines.Enqueue("[process] " + line);

    public ValueTask DisposeAsync()
    {
        var leaks = Lines.Lines.Where(line => Secret().IsMatch(line)).Take(5).ToList();
        if (leaks.Count > 0)
        {
            throw new InvalidOperationException($"Secrets were logged during the suite ({Lines.Lines.Count} lines captured):\n" + string.Join('\n', leaks));
        }

        return ValueTask.CompletedTask;
    }

    private sealed class SuiteLogProvider : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => Lines.CreateLogger(categoryName);

        public void Dispose()
        {
        }
    }

    // A Data Protection payload is a leak (a plain key's stored ciphertext), except the key-changes cursor: it is
    // sealed with Data Protection too, but it is no secret (contract §5: an opaque cursor in the URL, so request logs carry it).
    [GeneratedRegex(@"capy_live_[0-9A-Za-z]{38}|\$argon2id\$|(?<![?&]after=)CfDJ8|whsec_[0-9A-Za-z+/]{20}")]
    private static partial Regex Secret();
}
