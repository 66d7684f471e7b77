namespace ApiKeys.Infrastructure.HotPath;

/// <summary>Settings of the token hot path (section <c>Auth:HotPath</c>).</summary>
public sealed class HotPathOptions
{
    public const string Section = "Auth:HotPath";

    /// <summary>How long a verified key is trusted without the database. Changes on this node evict at once; other nodes follow the change feed.</summary>
    public int CacheTtlSeconds { get; set; } = 60;

    public int CacheSizeLimit { get; set; } = 100_000;

    /// <summary>While the database cannot be reached, a key this node verified within this many seconds keeps working.</summary>
    public int StaleIfErrorSeconds { get; set; } = 300;

    /// <summary>How long this node remembers that a token verified (by the hash it matched) while it stays in use.</summary>
    public int KnownTokenSlidingSeconds { get; set; } = 86_400;

    /// <summary>How long a failed token is answered from memory.</summary>
    public int NegativeCacheTtlSeconds { get; set; } = 30;

    public int NegativeCacheSizeLimit { get; set; } = 100_000;

    /// <summary>Failed authentications an address may spend per window before it gets 429 instead of an Argon2 verification.</summary>
    public int FailureBudget { get; set; } = 20;

    public int FailureWindowSeconds { get; set; } = 60;

    /// <summary>
    /// How long a refusal for a spent budget is held before it is sent (never past the end of the window): a client
    /// that keeps presenting bad tokens gets its 429s slowly, so a flood on a few connections cannot crowd out the
    /// real traffic. Costs a timer, not a thread. 0 answers at once.
    /// </summary>
    public int RefusalDelayMilliseconds { get; set; } = 200;

    /// <summary>Argon2 verifications at once; 0 means one per core. Argon2id is CPU work: more than the cores only adds waiting.</summary>
    public int MaxConcurrentVerifications { get; set; }

    /// <summary>The most verifications that may wait for a free slot, whatever their expected wait.</summary>
    public int VerificationQueueLimit { get; set; } = 512;

    /// <summary>A verification is queued while the work ahead of it takes at most this long; beyond it, 503 with Retry-After.</summary>
    public int MaxQueueWaitMilliseconds { get; set; } = 3000;

    /// <summary>The time one verification is assumed to take until the pool has measured it.</summary>
    public int InitialVerificationEstimateMilliseconds { get; set; } = 50;

    /// <summary>How often <c>last_used_at</c> is written, in one batch.</summary>
    public int LastUsedFlushSeconds { get; set; } = 5;

    /// <summary>How often the per-hour usage counts are added to the database, in one batch.</summary>
    public int UsageFlushSeconds { get; set; } = 5;

    public int EffectiveConcurrency => MaxConcurrentVerifications > 0 ? MaxConcurrentVerifications : Environment.ProcessorCount;
}
