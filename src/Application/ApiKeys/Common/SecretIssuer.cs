using ApiKeys.Application.Abstractions;
using ApiKeys.Domain.ApiKeys;

namespace ApiKeys.Application.ApiKeys.Common;

/// <summary>
/// Draws a new token whose prefix is free, hashes it and, for a plain key, encrypts it. Shared by create,
/// regenerate and bootstrap. The 6 random characters of a prefix collide about once in 57 billion, so a
/// collision just draws again.
/// </summary>
public sealed class SecretIssuer(ITokenGenerator generator, ISecretHasher hasher, ISecretProtector protector, IApiKeyRepository keys)
{
    private const int MaxAttempts = 5;

    public async Task<(ApiKeyToken Token, IssuedSecret Secret)> IssueAsync(bool secure, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var token = generator.Generate();
            if (await keys.PrefixExistsAsync(token.KeyPrefix, cancellationToken))
            {
                continue;
            }

            var plaintext = token.Reveal();
            return (token, new IssuedSecret(token.KeyPrefix, hasher.Hash(plaintext), secure ? null : protector.Protect(plaintext)));
        }

        throw new InvalidOperationException("Could not draw a token with a free prefix; the random source is broken.");
    }
}
