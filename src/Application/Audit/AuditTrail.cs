using ApiKeys.Application.Abstractions;
using ApiKeys.Domain.Audit;
using ApiKeys.Domain.Common;

namespace ApiKeys.Application.Audit;

/// <summary>
/// Appends audit events for the request being handled: the actor and address come from the caller, the time
/// from <see cref="TimeProvider"/>. Events are saved by the unit of work, in the same transaction as the change.
/// </summary>
public sealed class AuditTrail(ICaller caller, IAuditEventRepository events, TimeProvider time)
{
    public void Record(OrganizationId organizationId, string action, string? apiKeyId = null, string? target = null, Actor? actor = null)
    {
        var who = actor ?? caller.Principal?.ToActor() ?? Actor.System;
        events.Add(AuditEvent.Record(organizationId, who, action, time.Now(), apiKeyId, target, caller.IpAddress));
    }

    /// <summary>
    /// Records a refused attempt (<c>api_key.created.denied</c>) and returns the refusal. The unit of work saves a
    /// forbidden command's audit events, and nothing else: handlers refuse before they change anything.
    /// </summary>
    public Error Denied(OrganizationId organizationId, string action, Error refusal, string? apiKeyId = null, string? target = null)
    {
        Record(organizationId, AuditActions.Denied(action), apiKeyId, target);
        return refusal;
    }
}
