using ApiKeys.Api.OpenApi;
using ApiKeys.Application.Apps.Common;
using ApiKeys.Application.Apps.Create;
using ApiKeys.Application.Apps.Delete;
using ApiKeys.Application.Apps.Get;
using ApiKeys.Application.Apps.List;
using ApiKeys.Domain.Common;
using Mediator;
using Microsoft.AspNetCore.Mvc;

namespace ApiKeys.Api.Controllers;

/// <summary>docs/api.md §3: an organization's apps, known by their reverse-DNS ids.</summary>
[Route("v1/organizations/{orgID}/apps")]
public sealed class AppsController(ISender sender) : ApiControllerBase
{
    [HttpPost]
    [ProducesResponseType<AppEnvelope>(StatusCodes.Status201Created)]
    [EndpointName("createApp")]
    [EndpointSummary("Register an app in the organization")]
    [ErrorResponses(403, 404, 409)]
    public async Task<IActionResult> Create(OrganizationId orgID, CreateAppBody body, CancellationToken cancellationToken) =>
        ToResult(await sender.Send(new CreateAppCommand(orgID, body.AppId, body.Name), cancellationToken), StatusCodes.Status201Created);

    [HttpGet]
    [ProducesResponseType<AppListResponse>(StatusCodes.Status200OK)]
    [EndpointName("listApps")]
    [EndpointSummary("List the apps the caller may read")]
    [ErrorResponses(400, 403, 404)]
    public async Task<IActionResult> List(OrganizationId orgID, [FromQuery] string? cursor, [FromQuery] int? limit, CancellationToken cancellationToken) =>
        ToResult(await sender.Send(new ListAppsQuery(orgID, cursor, limit), cancellationToken));

    [HttpGet("{appID}")]
    [ProducesResponseType<AppEnvelope>(StatusCodes.Status200OK)]
    [EndpointName("getApp")]
    [EndpointSummary("Get an app")]
    [ErrorResponses(403, 404)]
    public async Task<IActionResult> Get(OrganizationId orgID, string appID, CancellationToken cancellationToken) =>
        ToResult(await sender.Send(new GetAppQuery(orgID, appID), cancellationToken));

    [HttpDelete("{appID}")]
    [ProducesResponseType<DeletedResponse>(StatusCodes.Status200OK)]
    [EndpointName("deleteApp")]
    [EndpointSummary("Delete an app and every binding to it")]
    [ErrorResponses(403, 404, 409)]
    public async Task<IActionResult> Delete(OrganizationId orgID, string appID, CancellationToken cancellationToken) =>
        ToResult(await sender.Send(new DeleteAppCommand(orgID, appID), cancellationToken));
}

public sealed record CreateAppBody(string? AppId, string? Name);
