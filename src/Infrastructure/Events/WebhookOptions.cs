namespace ApiKeys.Infrastructure.Events;

/// <summary>Webhook delivery settings (section <c>Webhooks</c>).</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>
    /// Hosts that may be delivered to over plain http and at loopback or private addresses: for tests and local
    /// development only (comma-separated, or an array in JSON settings).
    /// </summary>
    public string AllowInsecureHosts { get; set; } = string.Empty;

    /// <summary>How often each node looks for due deliveries.</summary>
    public int PollIntervalMilliseconds { get; set; } = 1000;

    /// <summary>How long a receiver may take to answer before the attempt counts as failed.</summary>
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>The first retry's delay; each later one is five times longer (at most an hour), for 24 hours.</summary>
    public int FirstRetryMilliseconds { get; set; } = 5000;

    /// <summary>
    /// How long a claimed delivery is a node's alone: a node that dies mid-delivery holds it this long, then another
    /// (or the restarted one) claims it again. Longer than <see cref="TimeoutSeconds"/>.
    /// </summary>
    public int LeaseSeconds { get; set; } = 30;

    /// <summary>How many deliveries a node claims at once (and sends in parallel, up to 4 at a time).</summary>
    public int BatchSize { get; set; } = 20;

    /// <summary>How often each node looks for keys that are about to expire or have expired.</summary>
    public int ExpiryScanSeconds { get; set; } = 60;

    public IReadOnlySet<string> InsecureHosts() =>
        AllowInsecureHosts.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
}
