using ApiKeys.Application.Abstractions;
using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.Common;

namespace ApiKeys.Application.Authentication;

/// <summary>
/// Checks a presented token against the database: parse (no I/O for a malformed token), one indexed read by
/// prefix, one Argon2id verification. The secret is verified before the key's state is told, so REVOKED or
/// EXPIRED is never an oracle for a wrong secret. Caching sits in front of this, in Infrastructure.
/// </summary>
public sealed class ApiKeyAuthenticator(IApiKeyRepository keys, ISecretHasher hasher, IUnitOfWork unitOfWork, TimeProvider time)
{
    public async Task<KeyCheck> AuthenticateAsync(ApiKeyToken token, CancellationToken cancellationToken)
    {
        var key = await keys.FindByPrefixAsync(token.KeyPrefix, cancellationToken);
        var now = time.Now();
        var hash = key?.HashFor(token.KeyPrefix, now);
        if (key is null || hash is null)
        {
            return KeyCheck.NotFound;
        }

        var verification = hasher.Verify(token.Reveal(), hash);
        if (!verification.Succeeded)
        {
            return KeyCheck.NotFound;
        }

        if (key.IsRevoked)
        {
            return KeyCheck.Revoked;
        }

        if (key.IsExpired(now))
        {
            return KeyCheck.Expired;
        }

        if (verification.NeedsRehash)
        {
            // Parameters were raised since this hash was made: store one with the current parameters.
            key.Rehash(token.KeyPrefix, hasher.Hash(token.Reveal()));
            await unitOfWork.SaveChangesAsync(cancellationToken);
        }

        var graceEnd = token.KeyPrefix == key.KeyPrefix ? null : key.PreviousSecretExpiresAt;
        var validUntil = Min(key.ExpiresAt, graceEnd);
        return new(KeyCheckStatus.Valid, new AuthenticatedKey(key.Id, key.OrganizationId, key.ToAccess(), key.ProjectId, key.ExpiresAt, validUntil));
    }

    private static DateTimeOffset? Min(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : (a < b ? a : b);
}
