using ApiKeys.Domain.Common;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ApiKeys.Infrastructure.Persistence;

/// <summary>Typed ids are stored as their Guid.</summary>
internal static class TypedIdConverters
{
    internal sealed class Organization() : ValueConverter<OrganizationId, Guid>(id => id.Value, value => new OrganizationId(value));

    internal sealed class ApiKey() : ValueConverter<ApiKeyId, Guid>(id => id.Value, value => new ApiKeyId(value));

    internal sealed class AuditEvent() : ValueConverter<AuditEventId, Guid>(id => id.Value, value => new AuditEventId(value));

    internal sealed class Webhook() : ValueConverter<WebhookId, Guid>(id => id.Value, value => new WebhookId(value));

    internal sealed class WebhookMessage() : ValueConverter<WebhookMessageId, Guid>(id => id.Value, value => new WebhookMessageId(value));
}
