using ApiKeys.Domain.Common;

namespace ApiKeys.Domain.Audit;

/// <summary>One change (or denied attempt) in an organization: who, what, on which key or target, when, from where. Never a secret.</summary>
public sealed class AuditEvent
{
    public const int ActionMaxLength = 64;
    public const int TargetMaxLength = 255;
    public const int IpAddressMaxLength = 64;

    private AuditEvent()
    {
        Action = null!;
        ActorId = null!;
    }

    public AuditEventId Id { get; private set; }

    public OrganizationId OrganizationId { get; private set; }

    /// <summary>What happened, as <c>api_key.created</c>; denied attempts end in <c>.denied</c>.</summary>
    public string Action { get; private set; }

    public ActorType ActorType { get; private set; }

    public string ActorId { get; private set; }

    /// <summary>The key acted upon, when the action concerns one.</summary>
    public string? ApiKeyId { get; private set; }

    /// <summary>Another target: an app id, a member's user id.</summary>
    public string? Target { get; private set; }

    public string? IpAddress { get; private set; }

    public DateTimeOffset OccurredAt { get; private set; }

    public static AuditEvent Record(OrganizationId organizationId, Actor actor, string action, DateTimeOffset now, string? apiKeyId = null, string? target = null, string? ipAddress = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(action);
        return new()
        {
            Id = AuditEventId.New(),
            OrganizationId = organizationId,
            Action = action,
            ActorType = actor.Type,
            ActorId = actor.Id,
            ApiKeyId = apiKeyId,
            Target = target is { Length: > TargetMaxLength } ? target[..TargetMaxLength] : target,
            IpAddress = ipAddress is { Length: > IpAddressMaxLength } ? ipAddress[..IpAddressMaxLength] : ipAddress,
            OccurredAt = now,
        };
    }
}
