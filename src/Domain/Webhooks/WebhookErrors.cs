using ApiKeys.Domain.Common;

namespace ApiKeys.Domain.Webhooks;

public static class WebhookErrors
{
    public static Error NotFound { get; } = Error.NotFound("webhook_not_found", "Webhook endpoint not found.");
}
