using ApiKeys.Api.Errors;
using ApiKeys.Domain.Common;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace ApiKeys.Api.SecretScanning;

/// <summary>
/// Checks GitHub's signature over the raw body before anything reads it as JSON: a bad or missing signature is a
/// 401 whatever the body is, and nothing runs. The body is buffered so that model binding reads it afterwards.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class GitHubSignatureFilterAttribute : Attribute, IAsyncResourceFilter
{
    public async Task OnResourceExecutionAsync(ResourceExecutingContext context, ResourceExecutionDelegate next)
    {
        var request = context.HttpContext.Request;
        request.EnableBuffering();
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, context.HttpContext.RequestAborted);
        request.Body.Position = 0;
        var signature = context.HttpContext.RequestServices.GetRequiredService<GitHubSignature>();
        if (!signature.IsValid(request.Headers[GitHubSignature.IdentifierHeader], request.Headers[GitHubSignature.SignatureHeader], buffer.GetBuffer().AsSpan(0, (int)buffer.Length)))
        {
            var error = new Error(ErrorKind.Unauthorized, "invalid_signature", "The GitHub signature is missing or does not verify.");
            context.Result = new ObjectResult(ErrorBody.From(error)) { StatusCode = StatusCodes.Status401Unauthorized };
            return;
        }

        await next();
    }
}
