using ApiKeys.Application.Audit.Common;
using ApiKeys.Application.Common.Security;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;
using Mediator;

namespace ApiKeys.Application.Audit.List;

/// <summary>The organization's audit trail, oldest first, optionally narrowed to one action and/or one key.</summary>
public sealed record ListAuditEventsQuery(OrganizationId OrganizationId, string? Cursor, int? Limit, string? Action, string? KeyId)
    : IQuery<Result<AuditEventListResponse>>, IRequirePermission
{
    public string RequiredPermission => Permission.OrgReadAudit;
}
