using ApiKeys.Domain.Webhooks;

namespace ApiKeys.Application.Webhooks.Common;

/// <summary>The contract's <c>webhook</c> object (docs/api.md §10); the secret is not part of it.</summary>
public sealed record WebhookResponse(string Id, string OrganizationId, string Url, IReadOnlyList<string> Events, string? Description, DateTimeOffset CreatedAt)
{
    public static WebhookResponse From(WebhookEndpoint endpoint) =>
        new(endpoint.Id.ToString(), endpoint.OrganizationId.ToString(), endpoint.Url, endpoint.Events, endpoint.Description, endpoint.CreatedAt);
}

/// <summary>The answer of create: the only response that carries the signing secret.</summary>
public sealed record CreatedWebhookResponse(WebhookResponse Webhook, string Secret)
{
    public override string ToString() => $"CreatedWebhookResponse {{ Webhook = {Webhook.Id} }}";
}

public sealed record WebhookEnvelope(WebhookResponse Webhook);

public sealed record WebhookListResponse(IReadOnlyList<WebhookResponse> Webhooks, string? NextCursor);

public sealed record WebhookDeletedResponse(bool Deleted);

/// <summary>One delivery of <c>GET …/webhooks/{webhookID}/deliveries</c>.</summary>
public sealed record DeliveryResponse(string Id, string EventType, int Attempt, int? StatusCode, DateTimeOffset? NextAttemptAt, DateTimeOffset? DeliveredAt)
{
    public static DeliveryResponse From(WebhookDelivery delivery) =>
        new(delivery.Id.ToString(), delivery.EventType, delivery.Attempt, delivery.StatusCode, delivery.NextAttemptAt, delivery.DeliveredAt);
}

public sealed record DeliveryListResponse(IReadOnlyList<DeliveryResponse> Deliveries, string? NextCursor);
