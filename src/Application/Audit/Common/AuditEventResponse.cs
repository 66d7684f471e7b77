namespace ApiKeys.Application.Audit.Common;

/// <summary>The contract's <c>audit_event</c> object (docs/api.md §3). <see cref="ActorType"/> is <c>user</c>, <c>api_key</c> or <c>system</c>.</summary>
public sealed record AuditEventResponse(
    string Id,
    string OrganizationId,
    string Action,
    string ActorType,
    string ActorId,
    string? ApiKeyId,
    string? Target,
    string? IpAddress,
    DateTimeOffset OccurredAt);

public sealed record AuditEventListResponse(IReadOnlyList<AuditEventResponse> AuditEvents, string? NextCursor);
