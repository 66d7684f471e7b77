using ApiKeys.Application.Abstractions;
using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.Common;

namespace ApiKeys.Application.KeyChecking;

/// <summary>
/// Checks a presented token against the database: parse (no I/O for a malformed token), one indexed read by
/// prefix, one Argon2id verification. The secret is verified before the key's state is told, so REVOKED or
/// EXPIRED is never an oracle for a wrong secret. Caching sits in front of this, in Infrastructure.
/// </summary>
public sealed class ApiKeyAuthenticator(IApiKeyRepository keys, ISecretHasher hasher, DecoyHash decoy, IUnitOfWork unitOfWork, TimeProvider time)
{
    public async Task<KeyCheck> AuthenticateAsync(ApiKeyToken token, CancellationToken cancellationToken)
    {
        var now = time.Now();
        if (await MatchAsync(token, now, cancellationToken) is not { } match)
        {
            return KeyCheck.NotFound;
        }

        var (key, hash, verification) = match;
        if (verification.NeedsRehash && !key.IsRevoked)
        {
            // Parameters were raised since this hash was made: store one with the current parameters.
            hash = hasher.Hash(token.Reveal());
            key.Rehash(token.KeyPrefix, hash);
            await unitOfWork.SaveChangesAsync(cancellationToken);
        }

        return Describe(key, token, hash, now);
    }

    /// <summary>
    /// The key whose current (or in-grace previous) secret the token is, whatever the key's state: one indexed read
    /// by prefix and one Argon2id verification; an unknown prefix costs a decoy verification, so timing tells nothing.
    /// </summary>
    /// <returns><see langword="null"/> when the token is no key's secret.</returns>
    public async Task<(ApiKey Key, string Hash, SecretVerification Verification)?> MatchAsync(ApiKeyToken token, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var key = await keys.FindByPrefixAsync(token.KeyPrefix, cancellationToken);
        var hash = key?.Secret.HashFor(token.KeyPrefix, now);
        if (key is null || hash is null)
        {
            hasher.Verify(token.Reveal(), decoy.Value);
            return null;
        }

        var verification = hasher.Verify(token.Reveal(), hash);
        return verification.Succeeded ? (key, hash, verification) : null;
    }

    /// <summary>
    /// Re-reads a key for a token that already matched <paramref name="matchedHash"/> on this node: the state
    /// (revoked, expired, roles) is fresh, and no Argon2 is needed while the stored hash is the one it matched.
    /// </summary>
    /// <returns><see langword="null"/> when the stored hash changed (regenerated, re-hashed): verify in full.</returns>
    public async Task<KeyCheck?> RefreshAsync(ApiKeyToken token, string matchedHash, CancellationToken cancellationToken)
    {
        var key = await keys.FindByPrefixAsync(token.KeyPrefix, cancellationToken);
        var now = time.Now();
        var hash = key?.Secret.HashFor(token.KeyPrefix, now);
        if (key is null || hash is null)
        {
            return KeyCheck.NotFound;
        }

        return string.Equals(hash, matchedHash, StringComparison.Ordinal) ? Describe(key, token, hash, now) : null;
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
