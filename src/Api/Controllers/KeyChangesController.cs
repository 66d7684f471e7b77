using ApiKeys.Api.OpenApi;
using ApiKeys.Application.KeyChanges.Common;
using ApiKeys.Application.KeyChanges.List;
using ApiKeys.Domain.Common;
using Mediator;
using Microsoft.AspNetCore.Mvc;

namespace ApiKeys.Api.Controllers;

/// <summary>docs/api.md §5: the organization's key changes, for services that cache verify answers (long poll).</summary>
[Route("v1/organizations/{orgID}/key-changes")]
public sealed class KeyChangesController(ISender sender) : ApiControllerBase
{
    [HttpGet]
    [ProducesResponseType<KeyChangeListResponse>(StatusCodes.Status200OK)]
    [EndpointName("listKeyChanges")]
    [EndpointSummary("Follow the organization's key changes (long poll)")]
    [ErrorResponses(400, 403, 404)]
    public async Task<IActionResult> List(OrganizationId orgID, [FromQuery] string? after, [FromQuery] int? wait, CancellationToken cancellationToken) =>
        ToResult(await sender.Send(new ListKeyChangesQuery(orgID, after, wait), cancellationToken));
}
