using ApiKeys.Api.OpenApi;
using ApiKeys.Application.Audit.Common;
using ApiKeys.Application.Audit.List;
using ApiKeys.Domain.Common;
using Mediator;
using Microsoft.AspNetCore.Mvc;

namespace ApiKeys.Api.Controllers;

/// <summary>docs/api.md §3: the organization's audit trail.</summary>
[Route("v1/organizations/{orgID}/audit-events")]
public sealed class AuditEventsController(ISender sender) : ApiControllerBase
{
    [HttpGet]
    [ProducesResponseType<AuditEventListResponse>(StatusCodes.Status200OK)]
    [EndpointName("listAuditEvents")]
    [EndpointSummary("List the organization's audit events, oldest first")]
    [ErrorResponses(400, 403, 404)]
    public async Task<IActionResult> List(
        OrganizationId orgID,
        [FromQuery] string? cursor,
        [FromQuery] int? limit,
        [FromQuery] string? action,
        [FromQuery(Name = "key_id")] string? keyId,
        CancellationToken cancellationToken) =>
        ToResult(await sender.Send(new ListAuditEventsQuery(orgID, cursor, limit, action, keyId), cancellationToken));
}
