using System.Net;
using System.Collections.Concurrent;
using ApiKeys.Application.KeyChecking;
using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.Common;
using ApiKeys.Infrastructure.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ApiKeys.Infrastructure.HotPath;

/// <summary>
/// The hot path (design, "the life of a token"): parse with no I/O; answer from the verified-key cache or the
/// negative cache; otherwise, unless the caller's address has spent its failure budget, one read and, unless the token's
/// keyed digest is stored, one Argon2id verification in the bounded pool, shared by every concurrent request
/// presenting the same token.
/// </summary>
public sealed class CachedKeyVerifier(
    IServiceScopeFactory scopes,
    KeyCache cache,
    FailureBudget budget,
    VerificationPool pool,
    UsageRecorder usage,
    KeyMetrics metrics,
    IOptions<HotPathOptions> options,
    TimeProvider time) : IKeyVerifier
{
    private const string UnknownAddress = "unknown";

    private readonly ConcurrentDictionary<Sha256Digest, Lazy<Task<KeyCheck>>> _inFlight = new();

    /// <summary>
    /// The refusal a request gets without any work: its address has spent its failure budget and its token is not
    /// one this node knows (a cached or known key is never held back; a cached failure is answered as usual).
    /// Costs a dictionary lookup, and for a spent address one SHA-256 and three cache lookups.
    /// </summary>
    public KeyCheck? RefuseWithoutWork(string presentedToken, IPAddress? clientAddress)
    {
        if (budget.IsEmpty || budget.RetryAfter(clientAddress?.ToString() ?? UnknownAddress) is not { } wait || !ApiKeyToken.TryRead(presentedToken, out var token))
        {
            return null;
        }

        var tokenHash = HashOf(token);
        if (cache.TryGetKnown(tokenHash, out _) || cache.TryGetFailure(tokenHash, out _))
        {
            return null;
        }

        metrics.BudgetRejections.Add(1);
        return KeyCheck.RateLimitedFor(wait);
    }

    public async ValueTask<KeyCheck> VerifyAsync(string presentedToken, KeyPresenter presenter, CancellationToken cancellationToken)
    {
        if (!ApiKeyToken.TryRead(presentedToken, out var token))
        {
            metrics.Malformed.Add(1);
            return KeyCheck.NotFound;
        }

        var tokenHash = HashOf(token);
        var now = time.GetUtcNow();
        if (cache.TryGetVerified(tokenHash, out var cached))
        {
            metrics.CacheHits.Add(1);
            if (cached.IsExpired(now))
            {
                // An expired key fails at its instant, cached or not.
                cache.Distrust(tokenHash);
                return KeyCheck.ExpiredIn(cached.OrganizationId);
            }

            RecordUse(cached, presenter, now);
            return new KeyCheck(KeyCheckStatus.Valid, cached);
        }

        if (cache.TryGetFailure(tokenHash, out var failure))
        {
            metrics.NegativeHits.Add(1);
            return failure;
        }

        if (cache.TryGetKnown(tokenHash, out var known) && await RefreshAsync(token, tokenHash, known) is { } refreshed)
        {
            RecordUse(refreshed.Key, presenter, time.GetUtcNow());
            return refreshed;
        }

        var address = presenter.BudgetPartition;
        if (await budget.RetryAfterAsync(address) is { } wait)
        {
            metrics.BudgetRejections.Add(1);
            return KeyCheck.RateLimitedFor(wait);
        }

        metrics.CacheMisses.Add(1);
        return await VerifyUncachedAsync(token, tokenHash, presenter, address, cancellationToken);
    }

    // Apart from VerifyAsync: the closure it captures would otherwise be allocated on every cache hit too.
    private async Task<KeyCheck> VerifyUncachedAsync(ApiKeyToken token, Sha256Digest tokenHash, KeyPresenter presenter, string address, CancellationToken cancellationToken)
    {
        var verification = _inFlight.GetOrAdd(tokenHash, _ => new Lazy<Task<KeyCheck>>(() => VerifyOnceAsync(token, tokenHash)));
        KeyCheck check;
        try
        {
            check = await verification.Value.WaitAsync(cancellationToken);
        }
        finally
        {
            _inFlight.TryRemove(new KeyValuePair<Sha256Digest, Lazy<Task<KeyCheck>>>(tokenHash, verification));
        }

        if (check.Status is KeyCheckStatus.NotFound or KeyCheckStatus.Revoked or KeyCheckStatus.Expired)
        {
            await budget.RecordFailureAsync(address);
        }

        RecordUse(check.Key, presenter, time.GetUtcNow());
        return check;
    }

    /// <summary>A valid key's use, for <c>last_used_at</c>: only when its own organization presented it (another's verify changes nothing of it).</summary>
    private void RecordUse(AuthenticatedKey? key, KeyPresenter presenter, DateTimeOffset now)
    {
        if (key is not null && presenter.Uses(key.OrganizationId))
        {
            usage.Record(key.Id, now);
        }
    }

    private async Task<KeyCheck> VerifyOnceAsync(ApiKeyToken token, Sha256Digest tokenHash)
    {
        // Not the caller's token: one caller giving up must not cancel the verification others wait on.
        var stamp = cache.EvictionStamp;
        await using var scope = scopes.CreateAsyncScope();
        var authenticator = scope.ServiceProvider.GetRequiredService<ApiKeyAuthenticator>();
        var candidate = await authenticator.FindAsync(token, CancellationToken.None);

        // A token verified before, on any node, carries its keyed digest: microseconds, so no pool to wait in.
        if (await authenticator.RecogniseAsync(candidate, CancellationToken.None) is { } recognised)
        {
            metrics.DigestHits.Add(1);
            Remember(tokenHash, recognised, stamp);
            return recognised;
        }

        var entry = await pool.EnterAsync(CancellationToken.None);
        if (entry.Lease is null)
        {
            metrics.PoolRejections.Add(1);
            return KeyCheck.UnavailableFor(entry.RetryAfter);
        }

        using var lease = entry.Lease;
        var check = await authenticator.VerifyAsync(candidate, CancellationToken.None);
        Remember(tokenHash, check, stamp);
        return check;
    }

    /// <summary>
    /// A token this node verified before: re-read its key (fresh state), no Argon2, no pool, no budget. If the
    /// database cannot be reached, the last good answer stands for up to <c>StaleIfErrorSeconds</c> (expiry still
    /// applies): nothing can be revoked while the database is down anyway.
    /// </summary>
    private async Task<KeyCheck?> RefreshAsync(ApiKeyToken token, Sha256Digest tokenHash, KnownToken known)
    {
        metrics.Refreshes.Add(1);
        var stamp = cache.EvictionStamp;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var check = await scope.ServiceProvider.GetRequiredService<ApiKeyAuthenticator>().RefreshAsync(token, known.MatchedHash, CancellationToken.None);
            if (check is not null)
            {
                Remember(tokenHash, check, stamp);
            }

            return check;
        }
        catch (Exception exception) when (DatabaseFailures.IsUnavailable(exception))
        {
            var now = time.GetUtcNow();
            if (now - known.VerifiedAt > TimeSpan.FromSeconds(options.Value.StaleIfErrorSeconds) || known.LastGood.IsExpired(now))
            {
                throw;
            }

            metrics.StaleAnswers.Add(1);
            return new KeyCheck(KeyCheckStatus.Valid, known.LastGood);
        }
    }

    /// <param name="stamp">The cache's eviction stamp taken before the key's state was read.</param>
    private void Remember(Sha256Digest tokenHash, KeyCheck check, long stamp)
    {
        if (check.Key is { } key)
        {
            // A revocation that commits while this answer is being read must not leave it cached: kept only if the
            // key was not evicted since the read began (the answer itself still goes to the request it was read for).
            cache.Remember(tokenHash, key, Sha256Digest.Of(check.MatchedHash!), time.GetUtcNow(), stamp);
        }
        else if (check.Status != KeyCheckStatus.Expired)
        {
            // Unknown and revoked are final; an expired key may be extended by PATCH, so it is asked again.
            cache.SetFailure(tokenHash, check);
        }
    }

    private static Sha256Digest HashOf(ApiKeyToken token) => Sha256Digest.Of(token.Reveal());
}
