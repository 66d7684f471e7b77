using ApiKeys.Api.OpenApi;
using ApiKeys.Application.RoleCatalog.Get;
using ApiKeys.Domain.Common;
using Mediator;
using Microsoft.AspNetCore.Mvc;

namespace ApiKeys.Api.Controllers;

/// <summary>The role catalogue of docs/api.md §2 and what the caller may grant, so that clients never re-implement the grant rule.</summary>
[Route("v1/roles")]
public sealed class RolesController(ISender sender) : ApiControllerBase
{
    [HttpGet]
    [ProducesResponseType<RoleCatalogResponse>(StatusCodes.Status200OK)]
    [EndpointName("getRoleCatalog")]
    [EndpointSummary("The roles, legacy modes and scopes that exist, and which of them the caller may grant")]
    [ErrorResponses(404)]
    public async Task<IActionResult> Get([FromQuery(Name = "organization_id")] OrganizationId? organizationId, CancellationToken cancellationToken) =>
        ToResult(await sender.Send(new GetRoleCatalogQuery(organizationId), cancellationToken));
}
