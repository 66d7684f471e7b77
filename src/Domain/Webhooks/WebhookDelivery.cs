using ApiKeys.Domain.Common;

namespace ApiKeys.Domain.Webhooks;

/// <summary>
/// One event for one endpoint: a row of the durable outbox, written in the transaction of the change that raised
/// it, then delivered (at least once) by whichever node claims it, retried on <see cref="RetrySchedule"/>.
/// Its <see cref="Id"/> is the <c>webhook-id</c> every attempt carries, so a receiver deduplicates by it.
/// </summary>
public sealed class WebhookDelivery
{
    private WebhookDelivery()
    {
        EventType = null!;
        Payload = null!;
    }

    public WebhookMessageId Id { get; private set; }

    public WebhookId WebhookId { get; private set; }

    public OrganizationId OrganizationId { get; private set; }

    public string EventType { get; private set; }

    /// <summary>The JSON body, fixed when the event happened: retries send the same bytes.</summary>
    public string Payload { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public int Attempt { get; private set; }

    public int? StatusCode { get; private set; }

    /// <summary>When the next attempt is due; <see langword="null"/> once delivered or given up.</summary>
    public DateTimeOffset? NextAttemptAt { get; private set; }

    public DateTimeOffset? DeliveredAt { get; private set; }

    /// <summary>While a node delivers it: no other node claims it before this instant.</summary>
    public DateTimeOffset? ClaimedUntil { get; private set; }

    public static WebhookDelivery For(WebhookMessageId id, WebhookEndpoint endpoint, string eventType, string payload, DateTimeOffset now) => new()
    {
        Id = id,
        WebhookId = endpoint.Id,
        OrganizationId = endpoint.OrganizationId,
        EventType = eventType,
        Payload = payload,
        CreatedAt = now,
        NextAttemptAt = now,
    };

    public void Delivered(int statusCode, DateTimeOffset now)
    {
        Attempt++;
        StatusCode = statusCode;
        DeliveredAt = now;
        NextAttemptAt = null;
        ClaimedUntil = null;
    }

    /// <param name="statusCode">The receiver's answer, or <see langword="null"/> when none came (timeout, refused).</param>
    public void Failed(int? statusCode, DateTimeOffset now, RetrySchedule schedule, double jitter)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        Attempt++;
        StatusCode = statusCode;
        NextAttemptAt = schedule.NextAttempt(Attempt, CreatedAt, now, jitter);
        ClaimedUntil = null;
    }
}
