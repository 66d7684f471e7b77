using ApiKeys.Api.Hosting;
using ApiKeys.Application.Verification.Verify;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace ApiKeys.Api.Controllers;

/// <summary>Contract §5: verification for other services. No caller credentials; rate limited per client address.</summary>
[Route("v1/keys")]
[AllowAnonymous]
public sealed class KeysController(ISender sender) : ApiControllerBase
{
    [HttpPost("verify")]
    [EnableRateLimiting(RateLimits.VerifyPolicy)]
    [ProducesResponseType<VerifyKeyResponse>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Verify(VerifyBody body, CancellationToken cancellationToken) =>
        ToResult(await sender.Send(new VerifyKeyQuery(body.Key, body.AppId, body.Permissions, HttpContext.Connection.RemoteIpAddress?.ToString()), cancellationToken));
}

public sealed record VerifyBody(string? Key, string? AppId, IReadOnlyList<string>? Permissions)
{
    public override string ToString() => $"VerifyBody {{ AppId = {AppId} }}";
}
