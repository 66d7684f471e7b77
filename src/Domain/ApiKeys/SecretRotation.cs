namespace ApiKeys.Domain.ApiKeys;

/// <summary>
/// The key's secret as stored: the current token's prefix and hash (and, for a plain key, the token encrypted at
/// rest) and, during a regeneration's grace period, the previous token's prefix and hash and when it stops working.
/// Immutable: each change makes a new value.
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

    public string? PreviousKeyPrefix { get; private set; }

    public string? PreviousSecretHash { get; private set; }

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

    /// <summary>A new current secret; with a grace period the current one stays valid until it ends, without one it stops at once.</summary>
    public SecretRotation Rotate(IssuedSecret secret, bool secure, TimeSpan gracePeriod, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(gracePeriod.Ticks, nameof(gracePeriod));
        var next = First(secret, secure);
        var keepOld = gracePeriod > TimeSpan.Zero;
        next.PreviousKeyPrefix = keepOld ? KeyPrefix : null;
        next.PreviousSecretHash = keepOld ? SecretHash : null;
        next.PreviousSecretExpiresAt = keepOld ? now + gracePeriod : null;
        next.RotatedAt = now;
        return next;
    }

    /// <summary>The same secret with the previous one ended at once (a revoked key keeps no grace period).</summary>
    public SecretRotation WithoutPrevious() => With(s =>
    {
        s.PreviousKeyPrefix = null;
        s.PreviousSecretHash = null;
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
