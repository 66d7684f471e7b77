using ApiKeys.Api.OpenApi;
using ApiKeys.Api.Routing;
using ApiKeys.Application.Members.Common;
using ApiKeys.Application.Members.List;
using ApiKeys.Application.Members.Remove;
using ApiKeys.Application.Members.Set;
using ApiKeys.Domain.Common;
using Mediator;
using Microsoft.AspNetCore.Mvc;

namespace ApiKeys.Api.Controllers;

/// <summary>
/// docs/api.md §3: an organization's members (users, by their identity provider's <c>sub</c>) and their roles. A
/// <c>{userID}</c> is the <c>sub</c> percent-encoded and decoded once, so a <c>sub</c> holding <c>/</c> can be named (§2).
/// </summary>
[Route("v1/organizations/{orgID}/members")]
public sealed class MembersController(ISender sender) : ApiControllerBase
{
    [HttpGet]
    [ProducesResponseType<MemberListResponse>(StatusCodes.Status200OK)]
    [EndpointName("listMembers")]
    [EndpointSummary("List the organization's members")]
    [ErrorResponses(400, 403, 404)]
    public async Task<IActionResult> List(OrganizationId orgID, [FromQuery] string? cursor, [FromQuery] int? limit, CancellationToken cancellationToken) =>
        ToResult(await sender.Send(new ListMembersQuery(orgID, cursor, limit), cancellationToken));

    [HttpPut("{userID}")]
    [ProducesResponseType<MemberEnvelope>(StatusCodes.Status200OK)]
    [EndpointName("setMember")]
    [EndpointSummary("Add a member or change a member's roles")]
    [ErrorResponses(403, 404, 409)]
    public async Task<IActionResult> Set(OrganizationId orgID, [FromEncodedPathSegment] string userID, RolesBody body, CancellationToken cancellationToken) =>
        ToResult(await sender.Send(new SetMemberRolesCommand(orgID, userID, body.OrgRole, body.AppRoles), cancellationToken));

    [HttpDelete("{userID}")]
    [ProducesResponseType<RemovedResponse>(StatusCodes.Status200OK)]
    [EndpointName("removeMember")]
    [EndpointSummary("Remove a member")]
    [ErrorResponses(403, 404, 409)]
    public async Task<IActionResult> Remove(OrganizationId orgID, [FromEncodedPathSegment] string userID, CancellationToken cancellationToken) =>
        ToResult(await sender.Send(new RemoveMemberCommand(orgID, userID), cancellationToken));
}
