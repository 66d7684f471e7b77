using ApiKeys.Application.Abstractions;
using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.Common;

namespace ApiKeys.Application.KeyChecking;

/// <summary>
/// Checks a presented token against the database: parse (no I/O for a malformed token), one indexed read by
/// prefix, then the token's keyed digest if one is stored (microseconds), else one Argon2id verification, after
/// which the digest is stored for next time. The secret is verified before the key's state is told, so REVOKED,
/// EXPIRED or DISABLED is never an oracle for a wrong secret. Caching sits in front of this, in Infrastructure.
/// </summary>
public sealed class ApiKeyAuthenticator(
    IApiKeyRepository keys,
    ISecretHasher hasher,
    ITokenDigester digester,
    DecoyHash decoy,
    IUnitOfWork unitOfWork,
    TimeProvider time)
{
    public async Task<KeyCheck> AuthenticateAsync(ApiKeyToken token, CancellationToken cancellationToken)
    {
        var candidate = await FindAsync(token, cancellationToken);
        return await RecogniseAsync(candidate, cancellationToken) ?? await VerifyAsync(candidate, cancellationToken);
    }

    /// <summary>The indexed read by prefix: the key the token may be a secret of, and what it stores for that secret.</summary>
    public async Task<KeyCandidate> FindAsync(ApiKeyToken token, CancellationToken cancellationToken)
    {
        var (found, key) = await FindKeyAsync(token, cancellationToken);
        return new KeyCandidate(found, key, time.Now());
    }

    /// <summary>
    /// By prefix; a native token no key has is looked for once more by its SHA-256, as a key imported by its hash
    /// alone is stored (the second read costs only tokens that fail, which the failure budget bounds).
    /// </summary>
    /// <returns>The token as its key's row knows it, and the key.</returns>
    private async Task<(ApiKeyToken Token, ApiKey? Key)> FindKeyAsync(ApiKeyToken token, CancellationToken cancellationToken)
    {
        var key = await keys.FindByPrefixAsync(token.KeyPrefix, cancellationToken);
        if (key is not null || token.IsLookedUpByDigest)
        {
            return (token, key);
        }

        // Not found either way, the native token stays: its unknown prefix still costs the decoy verification.
        var imported = token.AsImported();
        return await keys.FindByPrefixAsync(imported.KeyPrefix, cancellationToken) is { } importedKey ? (imported, importedKey) : (token, null);
    }

    /// <summary>
    /// The token recognised by its stored keyed digest, no Argon2id; a digest under an older digest key is rewritten
    /// under the newest (one update).
    /// </summary>
    /// <returns><see langword="null"/> when no digest of this token is stored under a key this node holds: verify with Argon2id.</returns>
    public async Task<KeyCheck?> RecogniseAsync(KeyCandidate candidate, CancellationToken cancellationToken)
    {
        if (candidate is not { Key: { } key, Hash: { } hash, Digest: { } stored })
        {
            return null;
        }

        var match = digester.Match(candidate.Token.Reveal(), stored);
        if (match == DigestMatch.None)
        {
            return null;
        }

        if (!key.IsRevoked)
        {
            hash = await RehashIfStaleAsync(candidate, hash, cancellationToken);
            if (match == DigestMatch.OlderKey)
            {
                await RecordDigestAsync(candidate, cancellationToken);
            }
        }

        return Describe(key, candidate.Token, hash, candidate.Now);
    }

    /// <summary>
    /// One Argon2id verification (a decoy one for an unknown prefix, so timing tells nothing); on success the token's
    /// digest is stored, once, beside its hash.
    /// </summary>
    public async Task<KeyCheck> VerifyAsync(KeyCandidate candidate, CancellationToken cancellationToken)
    {
        var verification = Verify(candidate);
        if (!verification.Succeeded || candidate is not { Key: { } key, Hash: { } hash })
        {
            return KeyCheck.NotFound;
        }

        if (!key.IsRevoked)
        {
            if (verification.NeedsRehash)
            {
                hash = await RehashAsync(candidate, cancellationToken);
            }

            await RecordDigestAsync(candidate, cancellationToken);
        }

        return Describe(key, candidate.Token, hash, candidate.Now);
    }

    /// <summary>
    /// The key whose current (or in-grace previous) secret the token is, whatever the key's state: one read, then its
    /// digest or one Argon2id verification.
    /// </summary>
    /// <returns><see langword="null"/> when the token is no key's secret.</returns>
    public async Task<ApiKey?> MatchAsync(ApiKeyToken token, CancellationToken cancellationToken)
    {
        var candidate = await FindAsync(token, cancellationToken);
        if (candidate is { Key: { } key, Digest: { } stored } && digester.Match(token.Reveal(), stored) != DigestMatch.None)
        {
            return key;
        }

        return Verify(candidate).Succeeded ? candidate.Key : null;
    }

    /// <summary>
    /// Re-reads a key for a token that already matched a stored hash on this node (<paramref name="matchedHash"/>, its digest): the state
    /// (revoked, expired, roles) is fresh, and no Argon2 is needed while the stored hash is the one it matched.
    /// </summary>
    /// <returns><see langword="null"/> when the stored hash changed (regenerated, re-hashed): verify in full.</returns>
    public async Task<KeyCheck?> RefreshAsync(ApiKeyToken token, Sha256Digest matchedHash, CancellationToken cancellationToken)
    {
        (token, var key) = await FindKeyAsync(token, cancellationToken);
        var now = time.Now();
        var hash = key?.Secret.HashFor(token.KeyPrefix, now);
        if (key is null || hash is null)
        {
            return KeyCheck.NotFound;
        }

        return Sha256Digest.Of(hash) == matchedHash ? Describe(key, token, hash, now) : null;
    }

    private SecretVerification Verify(KeyCandidate candidate)
    {
        if (candidate.Hash is not { } hash)
        {
            // No decoy for a lookup by digest: the prefix is drawn from the whole token, so whether a row has it
            // tells nothing the answer does not.
            if (!candidate.Token.IsLookedUpByDigest)
            {
                hasher.Verify(candidate.Token.Reveal(), decoy.Value);
            }

            return default;
        }

        return hasher.Verify(candidate.Token.Reveal(), hash);
    }

    // A token recognised by its digest skips Argon2id, so parameters raised since its hash was made would never
    // reach it: check the hash's own parameters (a parse, no hashing) and re-hash once.
    private Task<string> RehashIfStaleAsync(KeyCandidate candidate, string hash, CancellationToken cancellationToken) =>
        hasher.NeedsRehash(hash) ? RehashAsync(candidate, cancellationToken) : Task.FromResult(hash);

    private async Task<string> RehashAsync(KeyCandidate candidate, CancellationToken cancellationToken)
    {
        var hash = hasher.Hash(candidate.Token.Reveal());
        candidate.Key!.Rehash(candidate.Token.KeyPrefix, hash);
        await unitOfWork.SaveChangesAsync(cancellationToken);
        return hash;
    }

    private async Task RecordDigestAsync(KeyCandidate candidate, CancellationToken cancellationToken)
    {
        if (digester.Digest(candidate.Token.Reveal()) is { } digest)
        {
            var key = candidate.Key!;
            await keys.RecordDigestAsync(key.Id, candidate.Token.KeyPrefix, key.Secret.IsPrevious(candidate.Token.KeyPrefix), digest, cancellationToken);
        }
    }

    private static KeyCheck Describe(ApiKey key, ApiKeyToken token, string matchedHash, DateTimeOffset now)
    {
        if (key.IsRevoked)
        {
            return KeyCheck.RevokedIn(key.OrganizationId);
        }

        if (key.IsExpired(now))
        {
            return KeyCheck.ExpiredIn(key.OrganizationId);
        }

        var graceEnd = token.KeyPrefix == key.Secret.KeyPrefix ? null : key.Secret.PreviousSecretExpiresAt;
        var validUntil = Min(key.ExpiresAt, graceEnd);
        return new(KeyCheckStatus.Valid, new AuthenticatedKey(key.Id, key.OrganizationId, key.ToAccess(), (key.Grant as RbacGrant)?.ProjectId, key.ExpiresAt, validUntil, key.Usage), matchedHash);
    }

    private static DateTimeOffset? Min(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : (a < b ? a : b);
}

/// <summary>What one read by prefix found for a token: the key (if any), and the hash and digest stored for this token now.</summary>
public sealed record KeyCandidate(ApiKeyToken Token, ApiKey? Key, DateTimeOffset Now)
{
    public string? Hash { get; } = Key?.Secret.HashFor(Token.KeyPrefix, Now);

    public string? Digest { get; } = Key?.Secret.DigestFor(Token.KeyPrefix, Now);
}
