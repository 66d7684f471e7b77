using ApiKeys.Domain.Common;

namespace ApiKeys.Domain.Webhooks;

public static class WebhookErrors
{
    public static Error NotFound { get; } = Error.NotFound("webhook_not_found", "Webhook endpoint not found.");

    public static Error TooMany { get; } = Error.Conflict("too_many_webhooks", "An organization has at most 20 webhook endpoints; delete one first.");
}
