namespace ApiKeys.Domain.ApiKeys;

/// <summary>
/// The key's secret as stored: the current token's prefix and hash (and, for a plain key, the token encrypted at
/// rest) and, during a regeneration's grace period, the previous token's prefix and hash and when it stops working.
/// Beside each hash, once the token has been verified, its keyed digest (an HMAC under a secret kept outside the
/// database): any node recognises the token with it and no Argon2id. A digest belongs to its token: a new secret
/// starts without one, and revoking drops both. Immutable: each change makes a new value.
/// </summary>
public sealed class SecretRotation
{
    private SecretRotation()
    {
        KeyPrefix = null!;
        SecretHash = null!;
    }

    public string KeyPrefix { get; private set; }

    public string SecretHash { get; private set; }

    /// <summary>Plain keys only: the token encrypted at rest, so that it can be shown again.</summary>
    public string? EncryptedToken { get; private set; }

    /// <summary>The current token's keyed digest (<c>keyId:base64</c>), once a verification stored it.</summary>
    public string? SecretDigest { get; private set; }

    public string? PreviousKeyPrefix { get; private set; }

    public string? PreviousSecretHash { get; private set; }

    public string? PreviousSecretDigest { get; private set; }

    public DateTimeOffset? PreviousSecretExpiresAt { get; private set; }

    /// <summary>When the current secret replaced another (<see langword="null"/> for the secret the key was created with).</summary>
    public DateTimeOffset? RotatedAt { get; private set; }

    public static SecretRotation First(IssuedSecret secret, bool secure)
    {
        if (secret.KeyPrefix.Length != ApiKeyToken.KeyPrefixLength)
        {
            throw new ArgumentException("A key prefix is 16 characters.", nameof(secret));
        }

        return new()
        {
            KeyPrefix = secret.KeyPrefix,
            SecretHash = secret.Hash,
            EncryptedToken = secure ? null : secret.EncryptedToken ?? throw new ArgumentException("A plain key keeps its token encrypted.", nameof(secret)),
        };
    }

    /// <summary>The hash a token with <paramref name="keyPrefix"/> must match now: the current one, or the previous one during its grace period.</summary>
    public string? HashFor(string keyPrefix, DateTimeOffset now)
    {
        if (keyPrefix == KeyPrefix)
        {
            return SecretHash;
        }

        return keyPrefix == PreviousKeyPrefix && now < PreviousSecretExpiresAt ? PreviousSecretHash : null;
    }

    /// <summary>The stored digest of the token with <paramref name="keyPrefix"/>, while that token is valid at all (as <see cref="HashFor"/>).</summary>
    public string? DigestFor(string keyPrefix, DateTimeOffset now)
    {
        if (keyPrefix == KeyPrefix)
        {
            return SecretDigest;
        }

        return keyPrefix == PreviousKeyPrefix && now < PreviousSecretExpiresAt ? PreviousSecretDigest : null;
    }

    /// <summary>Whether <paramref name="keyPrefix"/> is the previous token's (in or past its grace period), not the current one's.</summary>
    public bool IsPrevious(string keyPrefix) => keyPrefix != KeyPrefix && keyPrefix == PreviousKeyPrefix;

    /// <summary>
    /// A new current secret; with a grace period the current one stays valid until it ends, without one it stops at
    /// once. A key holds at most one previous secret: an earlier one still in its grace period ends now.
    /// </summary>
    public SecretRotation Rotate(IssuedSecret secret, bool secure, TimeSpan gracePeriod, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(gracePeriod.Ticks, nameof(gracePeriod));
        var next = First(secret, secure);
        var keepOld = gracePeriod > TimeSpan.Zero;
        next.PreviousKeyPrefix = keepOld ? KeyPrefix : null;
        next.PreviousSecretHash = keepOld ? SecretHash : null;
        next.PreviousSecretDigest = keepOld ? SecretDigest : null;
        next.PreviousSecretExpiresAt = keepOld ? now + gracePeriod : null;
        next.RotatedAt = now;
        return next;
    }

    /// <summary>
    /// The secret of a revoked key: the previous one ended at once (no grace period) and no digest left, so the
    /// token is recognised again only through Argon2id (which tells it is revoked).
    /// </summary>
    public SecretRotation Revoked() => With(s =>
    {
        s.PreviousKeyPrefix = null;
        s.PreviousSecretHash = null;
        s.PreviousSecretDigest = null;
        s.PreviousSecretExpiresAt = null;
        s.SecretDigest = null;
    });

    /// <summary>The same secret with the previous one ended at once (a revoked key keeps no grace period).</summary>
    public SecretRotation WithoutPrevious() => With(s =>
    {
        s.PreviousKeyPrefix = null;
        s.PreviousSecretHash = null;
        s.PreviousSecretDigest = null;
        s.PreviousSecretExpiresAt = null;
    });

    /// <summary>The same secrets, the one with <paramref name="keyPrefix"/> stored under a hash made with newer parameters.</summary>
    public SecretRotation Rehash(string keyPrefix, string newHash)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(newHash);
        return keyPrefix == KeyPrefix ? With(s => s.SecretHash = newHash)
            : keyPrefix == PreviousKeyPrefix ? With(s => s.PreviousSecretHash = newHash)
            : this;
    }

    private SecretRotation With(Action<SecretRotation> change)
    {
        var copy = (SecretRotation)MemberwiseClone();
        change(copy);
        return copy;
    }
}
