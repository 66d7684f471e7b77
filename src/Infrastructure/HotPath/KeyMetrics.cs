using System.Diagnostics.Metrics;

namespace ApiKeys.Infrastructure.HotPath;

/// <summary>The hot path's instruments (meter <c>ApiKeys</c>), exported in Prometheus text at <c>/metrics</c>.</summary>
public sealed class KeyMetrics
{
    public const string MeterName = "ApiKeys";

    public KeyMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        CacheHits = meter.CreateCounter<long>("apikeys_cache_hits", description: "Tokens answered from the verified-key cache.");
        CacheMisses = meter.CreateCounter<long>("apikeys_cache_misses", description: "Well-formed tokens that needed the database.");
        NegativeHits = meter.CreateCounter<long>("apikeys_negative_cache_hits", description: "Failed tokens answered from the negative cache.");
        Refreshes = meter.CreateCounter<long>("apikeys_cache_refreshes", description: "Known tokens re-read from the database without Argon2 after their entry expired or was evicted.");
        StaleAnswers = meter.CreateCounter<long>("apikeys_stale_answers", description: "Known keys answered from memory because the database could not be reached.");
        Malformed = meter.CreateCounter<long>("apikeys_malformed_tokens", description: "Tokens rejected by the format or checksum, with no I/O.");
        Verifications = meter.CreateCounter<long>("apikeys_argon2_verifications", description: "Argon2id verifications performed.");
        VerificationDuration = meter.CreateHistogram<double>("apikeys_argon2_verification_duration", "ms", "Duration of one Argon2id verification.");
        DigestHits = meter.CreateCounter<long>("apikeys_token_digest_hits", description: "Tokens recognised by their stored keyed digest, without Argon2.");
        DigestsWritten = meter.CreateCounter<long>("apikeys_token_digests_written", description: "Keyed digests stored beside a hash after a verification (once per token and digest key).");
        PoolRejections = meter.CreateCounter<long>("apikeys_verification_pool_rejections", description: "Verifications refused with 503 because the pool was full.");
        BudgetRejections = meter.CreateCounter<long>("apikeys_failure_budget_rejections", description: "Verifications refused with 429 because the address spent its failure budget.");
        DirectLookups = meter.CreateCounter<long>("apikeys_direct_lookups", description: "Warm lookups (GET /v1/me, verify) answered without the MVC pipeline.");
    }

    public Counter<long> CacheHits { get; }

    public Counter<long> CacheMisses { get; }

    public Counter<long> NegativeHits { get; }

    public Counter<long> Refreshes { get; }

    public Counter<long> StaleAnswers { get; }

    public Counter<long> Malformed { get; }

    public Counter<long> Verifications { get; }

    public Histogram<double> VerificationDuration { get; }

    public Counter<long> DigestHits { get; }

    public Counter<long> DigestsWritten { get; }

    public Counter<long> PoolRejections { get; }

    public Counter<long> BudgetRejections { get; }

    public Counter<long> DirectLookups { get; }
}
