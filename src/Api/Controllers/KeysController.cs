using ApiKeys.Api.Authentication;
using ApiKeys.Api.OpenApi;
using ApiKeys.Api.RateLimiting;
using ApiKeys.Application.Verification.Verify;
using ApiKeys.Domain.Common;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace ApiKeys.Api.Controllers;

/// <summary>
/// docs/api.md §5: verification for other services. The caller authenticates and holds <c>apikey.verify</c>; a key
/// verifies for its own organization, a user for the one it names with <c>?organization_id=</c>. Rate limited
/// per calling credential.
/// </summary>
[Route("v1/keys")]
public sealed class KeysController(ISender sender) : ApiControllerBase
{
    [HttpPost("verify")]
    [EnableRateLimiting(RateLimits.VerifyPolicy)]
    [ProducesResponseType<VerifyKeyResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<VerifyKeyResponse>(StatusCodes.Status429TooManyRequests)]
    [EndpointName("verifyKey")]
    [EndpointSummary("Verify a key of the caller's organization, optionally for permissions on an app")]
    [ErrorResponses(403, 404)]
    public async Task<IActionResult> Verify(VerifyBody body, [FromQuery(Name = "organization_id")] string? organizationId, CancellationToken cancellationToken) =>
        ToResult(await sender.Send(QueryFor(HttpContext, body, organizationId), cancellationToken));

    /// <summary>The query a verify request stands for; shared with the direct lookup of a warm verifier key.</summary>
    internal static VerifyKeyQuery QueryFor(HttpContext context, VerifyBody body, string? organizationId) =>
        new(CallerOrganization(context, organizationId), body.Key, body.AppId, body.Permissions, body.ClientIp, body.Cost);

    private static OrganizationId CallerOrganization(HttpContext context, string? organizationId) =>
        context.Features.Get<AuthenticatedKeyFeature>() is { } feature ? feature.Key.OrganizationId
        : OrganizationId.TryParse(organizationId, out var id) ? id
        : default;
}

public sealed record VerifyBody(string? Key, string? AppId, IReadOnlyList<string>? Permissions, string? ClientIp, long? Cost = null)
{
    public override string ToString() => $"VerifyBody {{ AppId = {AppId} }}";
}
