using ApiKeys.Api.OpenApi;
using ApiKeys.Application.Me.Common;
using ApiKeys.Application.Me.Get;
using ApiKeys.Domain.Common;
using Mediator;
using Microsoft.AspNetCore.Mvc;

namespace ApiKeys.Api.Controllers;

/// <summary>docs/api.md §3: the calling principal and its permissions.</summary>
[Route("v1/me")]
public sealed class MeController(ISender sender) : ApiControllerBase
{
    [HttpGet]
    [ProducesResponseType<MeResponse>(StatusCodes.Status200OK)]
    [EndpointName("getMe")]
    [EndpointSummary("Describe the calling principal, its roles and permissions")]
    [ErrorResponses(404)]
    public async Task<IActionResult> Get([FromQuery(Name = "organization_id")] OrganizationId? organizationId, CancellationToken cancellationToken) =>
        ToResult(await sender.Send(new GetMeQuery(organizationId), cancellationToken));
}
