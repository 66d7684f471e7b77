using System.Text.Json;
using ApiKeys.Application.Abstractions;
using ApiKeys.Application.ApiKeys.Common;
using ApiKeys.Application.Common.Json;
using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Organizations;
using ApiKeys.Domain.Webhooks;

namespace ApiKeys.Application.Events;

/// <summary>
/// Raises the webhook events of docs/api.md §10: one outbox row per subscribed endpoint, added to the request's unit of
/// work, so the event is saved in the same transaction as the change (and never without it). The body is fixed now:
/// <c>{id, type, timestamp, data}</c> with the <c>api_key</c> object, which never carries a secret.
/// </summary>
public sealed class EventOutbox(IWebhookRepository webhooks, TimeProvider time)
{
    // One read of the subscribers per event type and request: a bulk change (an app bound by thousands of keys, a
    // bulk revoke) raises one event per key, and the endpoints cannot change within the request.
    private readonly Dictionary<(OrganizationId, string), IReadOnlyList<WebhookEndpoint>> _subscribers = [];

    /// <summary>Whether any endpoint takes <paramref name="eventType"/>: a bulk change reads its keys back only then.</summary>
    public async Task<bool> IsSubscribedAsync(OrganizationId organizationId, string eventType, CancellationToken cancellationToken) =>
        (await SubscribersAsync(organizationId, eventType, cancellationToken)).Count > 0;

    public async Task KeyEventAsync(string eventType, ApiKey key, CancellationToken cancellationToken)
    {
        // Described only when someone listens: a bulk change raises thousands.
        if (await IsSubscribedAsync(key.OrganizationId, eventType, cancellationToken))
        {
            // The api_key object as the API shows it, never its secret (Describe leaves it out).
            await EmitAsync(key.OrganizationId, eventType, new KeyEventData(ApiKeyMapping.Describe(key, time.Now())), cancellationToken);
        }
    }

    /// <summary><c>api_key.leaked</c>: the key, and which of its secrets leaked (<c>"secret": "current"</c> or <c>"previous"</c>).</summary>
    public Task KeyLeakedAsync(ApiKey key, string secret, CancellationToken cancellationToken) =>
        EmitAsync(key.OrganizationId, WebhookEvents.ApiKeyLeaked, new LeakEventData(ApiKeyMapping.Describe(key, time.Now()), secret), cancellationToken);

    public Task MemberRemovedAsync(Member member, IReadOnlyList<ApiKey> revokedKeys, CancellationToken cancellationToken) =>
        EmitAsync(member.OrganizationId, WebhookEvents.MemberRemoved,
            new MemberEventData(new RemovedMember(member.UserId, member.OrganizationId.ToString()), [.. revokedKeys.Select(k => k.Id.ToString())]),
            cancellationToken);

    private async Task EmitAsync<TData>(OrganizationId organizationId, string eventType, TData data, CancellationToken cancellationToken)
    {
        var endpoints = await SubscribersAsync(organizationId, eventType, cancellationToken);
        var now = time.Now();
        foreach (var endpoint in endpoints)
        {
            var id = WebhookMessageId.New();
            var body = JsonSerializer.Serialize(new EventBody<TData>(id.ToString(), eventType, now, data), ContractJson.Options);
            webhooks.AddDelivery(WebhookDelivery.For(id, endpoint, eventType, body, now));
        }
    }

    private async Task<IReadOnlyList<WebhookEndpoint>> SubscribersAsync(OrganizationId organizationId, string eventType, CancellationToken cancellationToken)
    {
        if (!_subscribers.TryGetValue((organizationId, eventType), out var endpoints))
        {
            endpoints = await webhooks.ListSubscribedAsync(organizationId, eventType, cancellationToken);
            _subscribers[(organizationId, eventType)] = endpoints;
        }

        return endpoints;
    }

    private sealed record EventBody<TData>(string Id, string Type, DateTimeOffset Timestamp, TData Data);

    private sealed record KeyEventData(ApiKeyResponse ApiKey);

    private sealed record LeakEventData(ApiKeyResponse ApiKey, string Secret);

    private sealed record MemberEventData(RemovedMember Member, IReadOnlyList<string> RevokedKeyIds);

    private sealed record RemovedMember(string UserId, string OrganizationId);
}
