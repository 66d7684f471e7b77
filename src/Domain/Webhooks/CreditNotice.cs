using ApiKeys.Domain.Common;

namespace ApiKeys.Domain.Webhooks;

/// <summary>
/// That a key's <c>api_key.credits_low</c> was raised for one grant of its credits (<see cref="GrantedAt"/>: when they
/// were last set, by the owner or a refill): unique per key and grant, so it is raised once per grant, however many
/// verifies or nodes race past the line, and again after the next grant. The key itself is not written.
/// </summary>
public sealed class CreditNotice
{
    private CreditNotice()
    {
    }

    public long Id { get; private set; }

    public ApiKeyId ApiKeyId { get; private set; }

    public DateTimeOffset GrantedAt { get; private set; }

    public static CreditNotice For(ApiKeyId keyId, DateTimeOffset grantedAt) => new() { ApiKeyId = keyId, GrantedAt = grantedAt };
}
