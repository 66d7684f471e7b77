namespace ApiKeys.Client;

/// <summary>Where ApiKeys is and which credential the client presents.</summary>
public sealed class ApiKeysClientOptions
{
    /// <summary>The service's base address, e.g. <c>http://localhost:5080</c>.</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>The bearer token sent with every request: an API key (<c>capy_live_…</c>) or a user's JWT.</summary>
    public string? Token { get; set; }

    /// <summary>The longest a single attempt may take; keep it above the longest <c>wait</c> of a key-changes long poll.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(40);

    /// <summary>Retries of a safe request (GET) after a transient failure; unsafe methods are never retried.</summary>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>The first retry's delay (exponential with jitter after it).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);
}
