using ApiKeys.Api.Errors;
using ApiKeys.Domain.Common;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace ApiKeys.Api.Controllers;

/// <summary>
/// What every controller shares: JSON in and out, authentication required, and one translation of a
/// <see cref="Result{T}"/> into either the success body or the contract's error body.
/// </summary>
[ApiController]
[Authorize]
[Produces("application/json")]
public abstract class ApiControllerBase : ControllerBase
{
    protected IActionResult ToResult<T>(Result<T> result, int successStatus = StatusCodes.Status200OK) =>
        result.IsSuccess ? StatusCode(successStatus, result.Value) : Problem(result.Error!);

    protected ObjectResult Problem(Error error)
    {
        ApplyErrorHeaders(Response, error);
        return StatusCode(ErrorBody.StatusOf(error.Kind), ErrorBody.From(error));
    }

    /// <summary>The headers an error answer carries; shared with the direct lookups, which answer without MVC.</summary>
    internal static void ApplyErrorHeaders(HttpResponse response, Error error)
    {
        if (error.Kind == ErrorKind.Unauthorized)
        {
            response.Headers.WWWAuthenticate = "Bearer";
        }
        else if (error.RetryAfter is { } wait)
        {
            ThrottleHeaders.SetRetryAfter(response, wait);
        }
    }
}
