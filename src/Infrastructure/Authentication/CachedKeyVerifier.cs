using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using ApiKeys.Application.Authentication;
using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.Common;
using Microsoft.Extensions.DependencyInjection;

namespace ApiKeys.Infrastructure.Authentication;

/// <summary>
/// The hot path (design, "the life of a token"): parse with no I/O; answer from the verified-key cache or the
/// negative cache; otherwise, unless the caller's address has spent its failure budget, one read and one Argon2id
/// verification in the bounded pool, shared by every concurrent request presenting the same token.
/// </summary>
public sealed class CachedKeyVerifier(
    IServiceScopeFactory scopes,
    KeyCache cache,
    FailureBudget budget,
    VerificationPool pool,
    UsageRecorder usage,
    KeyMetrics metrics,
    TimeProvider time) : IKeyVerifier
{
    private readonly ConcurrentDictionary<string, Lazy<Task<KeyCheck>>> _inFlight = new(StringComparer.Ordinal);

    public async ValueTask<KeyCheck> VerifyAsync(string presentedToken, string? clientAddress, CancellationToken cancellationToken)
    {
        if (!ApiKeyToken.TryParse(presentedToken, out var token))
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
                cache.RemoveVerified(tokenHash);
                return KeyCheck.Expired;
            }

            usage.Record(cached.Id, now);
            return new KeyCheck(KeyCheckStatus.Valid, cached);
        }

        if (cache.TryGetFailure(tokenHash, out var failure))
        {
            metrics.NegativeHits.Add(1);
            return failure;
        }

        if (cache.TryGetMatchedHash(tokenHash, out var matchedHash) && await RefreshAsync(token, tokenHash, matchedHash) is { } refreshed)
        {
            return refreshed;
        }

        var address = clientAddress ?? "unknown";
        if (budget.IsSpent(address))
        {
            metrics.BudgetRejections.Add(1);
            return KeyCheck.RateLimited;
        }

        metrics.CacheMisses.Add(1);
        var verification = _inFlight.GetOrAdd(tokenHash, _ => new Lazy<Task<KeyCheck>>(() => VerifyOnceAsync(token, tokenHash)));
        KeyCheck check;
        try
        {
            check = await verification.Value.WaitAsync(cancellationToken);
        }
        finally
        {
            _inFlight.TryRemove(new KeyValuePair<string, Lazy<Task<KeyCheck>>>(tokenHash, verification));
        }

        if (check.Status is KeyCheckStatus.NotFound or KeyCheckStatus.Revoked or KeyCheckStatus.Expired)
        {
            budget.RecordFailure(address);
        }

        return check;
    }

    private async Task<KeyCheck> VerifyOnceAsync(ApiKeyToken token, string tokenHash)
    {
        // Not the caller's token: one caller giving up must not cancel the verification others wait on.
        using var lease = await pool.EnterAsync(CancellationToken.None);
        if (lease is null)
        {
            metrics.PoolRejections.Add(1);
            return KeyCheck.Unavailable;
        }

        await using var scope = scopes.CreateAsyncScope();
        var check = await scope.ServiceProvider.GetRequiredService<DatabaseKeyVerifier>().VerifyAsync(token.Reveal(), null, CancellationToken.None);
        Remember(tokenHash, check);
        return check;
    }

    /// <summary>A token this node verified before: re-read its key (fresh state), no Argon2, no pool, no budget.</summary>
    private async Task<KeyCheck?> RefreshAsync(ApiKeyToken token, string tokenHash, string matchedHash)
    {
        metrics.Refreshes.Add(1);
        await using var scope = scopes.CreateAsyncScope();
        var check = await scope.ServiceProvider.GetRequiredService<ApiKeyAuthenticator>().RefreshAsync(token, matchedHash, CancellationToken.None);
        if (check is not null)
        {
            Remember(tokenHash, check);
        }

        return check;
    }

    private void Remember(string tokenHash, KeyCheck check)
    {
        if (check.Key is { } key)
        {
            cache.SetVerified(tokenHash, key);
            cache.SetMatchedHash(tokenHash, check.MatchedHash!);
            usage.Record(key.Id, time.GetUtcNow());
        }
        else if (check.Status != KeyCheckStatus.Expired)
        {
            // Unknown and revoked are final; an expired key may be extended by PATCH, so it is asked again.
            cache.SetFailure(tokenHash, check);
        }
    }

    private static string HashOf(ApiKeyToken token) =>
        Convert.ToHexString(SHA256.HashData(Encoding.ASCII.GetBytes(token.Reveal())));
}
