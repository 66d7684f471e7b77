using System.Collections.Frozen;

namespace ApiKeys.Domain.Webhooks;

/// <summary>The event types of docs/api.md §10, as endpoints subscribe to them.</summary>
public static class WebhookEvents
{
    public const string ApiKeyCreated = "api_key.created";
    public const string ApiKeyUpdated = "api_key.updated";
    public const string ApiKeyRegenerated = "api_key.regenerated";
    public const string ApiKeyRevoked = "api_key.revoked";
    public const string ApiKeyExpiring = "api_key.expiring";
    public const string ApiKeyExpired = "api_key.expired";
    public const string ApiKeyLeaked = "api_key.leaked";
    public const string ApiKeyCreditsLow = "api_key.credits_low";
    public const string MemberRemoved = "member.removed";

    public static FrozenSet<string> All { get; } = FrozenSet.Create(StringComparer.Ordinal,
        ApiKeyCreated, ApiKeyUpdated, ApiKeyRegenerated, ApiKeyRevoked, ApiKeyExpiring, ApiKeyExpired, ApiKeyLeaked, ApiKeyCreditsLow, MemberRemoved);

    public static bool IsKnown(string eventType) => All.Contains(eventType);
}
