using ApiKeys.Api.Json;
using ApiKeys.Api.OpenApi;
using ApiKeys.Application.Organizations.Common;
using ApiKeys.Application.Organizations.Create;
using ApiKeys.Application.Organizations.Get;
using ApiKeys.Application.Organizations.Update;
using ApiKeys.Domain.Common;
using Mediator;
using Microsoft.AspNetCore.Mvc;

namespace ApiKeys.Api.Controllers;

/// <summary>docs/api.md §3: organizations.</summary>
[Route("v1/organizations")]
public sealed class OrganizationsController(ISender sender) : ApiControllerBase
{
    [HttpPost]
    [ProducesResponseType<OrganizationEnvelope>(StatusCodes.Status201Created)]
    [EndpointName("createOrganization")]
    [EndpointSummary("Create an organization; the calling user becomes its owner")]
    [ErrorResponses(403)]
    public async Task<IActionResult> Create(CreateOrganizationBody body, CancellationToken cancellationToken) =>
        ToResult(await sender.Send(new CreateOrganizationCommand(body.Name), cancellationToken), StatusCodes.Status201Created);

    [HttpGet("{orgID}")]
    [ProducesResponseType<OrganizationEnvelope>(StatusCodes.Status200OK)]
    [EndpointName("getOrganization")]
    [EndpointSummary("Get an organization")]
    [ErrorResponses(403, 404)]
    public async Task<IActionResult> Get(OrganizationId orgID, CancellationToken cancellationToken) =>
        ToResult(await sender.Send(new GetOrganizationQuery(orgID), cancellationToken));

    [HttpPatch("{orgID}")]
    [ProducesResponseType<OrganizationEnvelope>(StatusCodes.Status200OK)]
    [EndpointName("updateOrganization")]
    [EndpointSummary("Rename an organization or change its key policy")]
    [ErrorResponses(403, 404, 409)]
    public async Task<IActionResult> Update(OrganizationId orgID, UpdateOrganizationBody body, CancellationToken cancellationToken) =>
        ToResult(await sender.Send(new UpdateOrganizationCommand(orgID, body.Name, body.KeyPolicy?.ToInput()), cancellationToken));
}

public sealed record CreateOrganizationBody(string? Name);

public sealed record UpdateOrganizationBody(string? Name, KeyPolicyBody? KeyPolicy);

/// <summary>PATCH of the key policy: an absent field keeps its value; <c>max_lifetime_days: null</c> removes the limit.</summary>
public sealed record KeyPolicyBody(bool? RequireExpiration, Optional<int?> MaxLifetimeDays, bool? RequireSecureKeys, bool? KeepKeysOfRemovedMembers, bool? RevokeLeakedKeys)
{
    public KeyPolicyInput ToInput() => new(RequireExpiration, MaxLifetimeDays.IsSet, MaxLifetimeDays.Value, RequireSecureKeys, KeepKeysOfRemovedMembers, RevokeLeakedKeys);
}
