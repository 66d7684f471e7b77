using System.Text.RegularExpressions;
using ApiKeys.Api.Tests.Hardening;
using Microsoft.Extensions.Logging;

[assembly: AssemblyFixture(typeof(ApiKeys.Api.Tests.Infrastructure.SuiteLog))]

namespace ApiKeys.Api.Tests.Infrastructure;

/// <summary>
/// Every log line every service instance of the whole integration suite writes (Information and above, what a
/// production log carries). When the suite ends, any well-formed token, Argon2 hash or Data Protection payload in
/// any of them fails the run.
/// </summary>
public sealed partial class SuiteLog : IAsyncDisposable
{
    public static CapturingLoggerProvider Provider { get; } = new();

    public static void AddTo(ILoggingBuilder logging)
    {
        logging.AddProvider(Provider);
        logging.AddFilter<CapturingLoggerProvider>(null, LogLevel.Information);
    }

    public ValueTask DisposeAsync()
    {
        var leaks = Provider.Lines.Where(line => Secret().IsMatch(line)).Take(5).ToList();
        if (leaks.Count > 0)
        {
            throw new InvalidOperationException($"Secrets were logged during the suite ({Provider.Lines.Count} lines captured):\n" + string.Join('\n', leaks));
        }

        return ValueTask.CompletedTask;
    }

    [GeneratedRegex(@"capy_live_[0-9A-Za-z]{38}|\$argon2id\$|CfDJ8")]
    private static partial Regex Secret();
}
