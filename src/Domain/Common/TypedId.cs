using System.Diagnostics.CodeAnalysis;

namespace ApiKeys.Domain.Common;

/// <summary>
/// Renders and parses the contract's opaque ids: a type prefix and a version 7 Guid in 32 hex digits.
/// Version 7 Guids sort by creation time, which keeps keyset pagination and indexes cheap.
/// </summary>
public static class TypedId
{
    public static string Format(string prefix, Guid value) => prefix + value.ToString("N");

    public static bool TryParse(string prefix, [NotNullWhen(true)] string? text, out Guid value)
    {
        value = Guid.Empty;
        return text is not null
            && text.Length == prefix.Length + 32
            && text.StartsWith(prefix, StringComparison.Ordinal)
            && Guid.TryParseExact(text.AsSpan(prefix.Length), "N", out value)
            && text.AsSpan(prefix.Length).IndexOfAnyInRange('A', 'F') < 0;
    }
}

public readonly record struct OrganizationId(Guid Value) : IComparable<OrganizationId>
{
    // Comparison lets EF Core translate keyset pagination (created_at, id) on the converted column.
    public static bool operator >(OrganizationId left, OrganizationId right) => left.CompareTo(right) > 0;

    public static bool operator <(OrganizationId left, OrganizationId right) => left.CompareTo(right) < 0;

    public static bool operator >=(OrganizationId left, OrganizationId right) => left.CompareTo(right) >= 0;

    public static bool operator <=(OrganizationId left, OrganizationId right) => left.CompareTo(right) <= 0;

    public int CompareTo(OrganizationId other) => Value.CompareTo(other.Value);

    public const string Prefix = "org_";

    public static OrganizationId New() => new(Guid.CreateVersion7());

    public static bool TryParse([NotNullWhen(true)] string? text, out OrganizationId id)
    {
        var ok = TypedId.TryParse(Prefix, text, out var guid);
        id = new(guid);
        return ok;
    }

    public override string ToString() => TypedId.Format(Prefix, Value);
}

public readonly record struct ApiKeyId(Guid Value) : IComparable<ApiKeyId>
{
    // Comparison lets EF Core translate keyset pagination (created_at, id) on the converted column.
    public static bool operator >(ApiKeyId left, ApiKeyId right) => left.CompareTo(right) > 0;

    public static bool operator <(ApiKeyId left, ApiKeyId right) => left.CompareTo(right) < 0;

    public static bool operator >=(ApiKeyId left, ApiKeyId right) => left.CompareTo(right) >= 0;

    public static bool operator <=(ApiKeyId left, ApiKeyId right) => left.CompareTo(right) <= 0;

    public int CompareTo(ApiKeyId other) => Value.CompareTo(other.Value);

    public const string Prefix = "key_";

    public static ApiKeyId New() => new(Guid.CreateVersion7());

    public static bool TryParse([NotNullWhen(true)] string? text, out ApiKeyId id)
    {
        var ok = TypedId.TryParse(Prefix, text, out var guid);
        id = new(guid);
        return ok;
    }

    public override string ToString() => TypedId.Format(Prefix, Value);
}

public readonly record struct AuditEventId(Guid Value) : IComparable<AuditEventId>
{
    // Comparison lets EF Core translate keyset pagination (created_at, id) on the converted column.
    public static bool operator >(AuditEventId left, AuditEventId right) => left.CompareTo(right) > 0;

    public static bool operator <(AuditEventId left, AuditEventId right) => left.CompareTo(right) < 0;

    public static bool operator >=(AuditEventId left, AuditEventId right) => left.CompareTo(right) >= 0;

    public static bool operator <=(AuditEventId left, AuditEventId right) => left.CompareTo(right) <= 0;

    public int CompareTo(AuditEventId other) => Value.CompareTo(other.Value);

    public const string Prefix = "evt_";

    public static AuditEventId New() => new(Guid.CreateVersion7());

    public static bool TryParse([NotNullWhen(true)] string? text, out AuditEventId id)
    {
        var ok = TypedId.TryParse(Prefix, text, out var guid);
        id = new(guid);
        return ok;
    }

    public override string ToString() => TypedId.Format(Prefix, Value);
}

public readonly record struct WebhookId(Guid Value) : IComparable<WebhookId>
{
    public static bool operator >(WebhookId left, WebhookId right) => left.CompareTo(right) > 0;

    public static bool operator <(WebhookId left, WebhookId right) => left.CompareTo(right) < 0;

    public static bool operator >=(WebhookId left, WebhookId right) => left.CompareTo(right) >= 0;

    public static bool operator <=(WebhookId left, WebhookId right) => left.CompareTo(right) <= 0;

    public int CompareTo(WebhookId other) => Value.CompareTo(other.Value);

    public const string Prefix = "whk_";

    public static WebhookId New() => new(Guid.CreateVersion7());

    public static bool TryParse([NotNullWhen(true)] string? text, out WebhookId id)
    {
        var ok = TypedId.TryParse(Prefix, text, out var guid);
        id = new(guid);
        return ok;
    }

    public override string ToString() => TypedId.Format(Prefix, Value);
}

public readonly record struct WebhookMessageId(Guid Value) : IComparable<WebhookMessageId>
{
    public static bool operator >(WebhookMessageId left, WebhookMessageId right) => left.CompareTo(right) > 0;

    public static bool operator <(WebhookMessageId left, WebhookMessageId right) => left.CompareTo(right) < 0;

    public static bool operator >=(WebhookMessageId left, WebhookMessageId right) => left.CompareTo(right) >= 0;

    public static bool operator <=(WebhookMessageId left, WebhookMessageId right) => left.CompareTo(right) <= 0;

    public int CompareTo(WebhookMessageId other) => Value.CompareTo(other.Value);

    public const string Prefix = "msg_";

    public static WebhookMessageId New() => new(Guid.CreateVersion7());

    public static bool TryParse([NotNullWhen(true)] string? text, out WebhookMessageId id)
    {
        var ok = TypedId.TryParse(Prefix, text, out var guid);
        id = new(guid);
        return ok;
    }

    public override string ToString() => TypedId.Format(Prefix, Value);
}
