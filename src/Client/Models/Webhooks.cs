namespace ApiKeys.Client.Models;

/// <summary>The contract's <c>webhook</c> object (docs/api.md §10).</summary>
public sealed record Webhook(string Id, string OrganizationId, string Url, IReadOnlyList<string> Events, string? Description, DateTimeOffset CreatedAt);

/// <summary>A new endpoint with its <c>whsec_…</c> signing secret, answered once by create.</summary>
public sealed record CreatedWebhook(Webhook Webhook, string Secret)
{
    public override string ToString() => $"CreatedWebhook {{ Id = {Webhook.Id} }}";
}

public sealed record WebhookCreateRequest(string Url, IReadOnlyList<string> Events, string? Description = null);

/// <summary>One delivery of an endpoint: what was sent, how often, what the receiver answered.</summary>
public sealed record WebhookDelivery(string Id, string EventType, int Attempt, int? StatusCode, DateTimeOffset? NextAttemptAt, DateTimeOffset? DeliveredAt);

/// <summary>GitHub's secret scanning answer per token (<c>true_positive</c> or <c>false_positive</c>).</summary>
public sealed record SecretScanningVerdict(string TokenRaw, string? TokenType, string Label)
{
    public override string ToString() => $"SecretScanningVerdict {{ Label = {Label} }}";
}
