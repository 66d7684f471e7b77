namespace ApiKeys.Domain.ApiKeys;

/// <summary>
/// What a key stores of a freshly issued token: its public prefix, its Argon2id hash (PHC string) and, for a
/// plain key only, the token encrypted at rest. The plaintext itself is never part of the aggregate.
/// </summary>
public sealed record IssuedSecret(string KeyPrefix, string Hash, string? EncryptedToken)
{
    public override string ToString() => $"IssuedSecret {{ KeyPrefix = {KeyPrefix} }}";
}
