using ApiKeys.Domain.Common;

namespace ApiKeys.Domain.Webhooks;

/// <summary>One try at delivering a <see cref="WebhookDelivery"/>: when, and what the receiver answered (or that none came).</summary>
public sealed class WebhookAttempt
{
    public const int ErrorMaxLength = 200;

    private WebhookAttempt()
    {
    }

    public long Id { get; private set; }

    public WebhookMessageId DeliveryId { get; private set; }

    public int Attempt { get; private set; }

    public DateTimeOffset AttemptedAt { get; private set; }

    /// <summary>The receiver's status, or <see langword="null"/> when it did not answer.</summary>
    public int? StatusCode { get; private set; }

    /// <summary>Why no answer came (<c>HttpRequestException</c>, <c>timeout</c>): a kind, never a message that could carry data.</summary>
    public string? Error { get; private set; }

    public static WebhookAttempt Of(WebhookDelivery delivery, DateTimeOffset at, string? error) => new()
    {
        DeliveryId = delivery.Id,
        Attempt = delivery.Attempt,
        AttemptedAt = at,
        StatusCode = delivery.StatusCode,
        Error = error is null ? null : error[..Math.Min(error.Length, ErrorMaxLength)],
    };
}
