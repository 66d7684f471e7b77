using System.Globalization;
using ApiKeys.Api.Authentication;
using ApiKeys.Api.Errors;
using ApiKeys.Application.Authentication;

namespace ApiKeys.Api.Hosting;

/// <summary>
/// Answers a request that will be refused anyway before routing, authentication and MVC: a key presented from an
/// address that has spent its failure budget (and that this node does not already know) gets its 429 here, with
/// the contract's body and a <c>Retry-After</c> of the rest of the window. A flood then costs a fraction of what
/// real traffic costs, and cannot crowd it out.
/// </summary>
public static class RefusalGate
{
    public static IApplicationBuilder UseRefusalGate(this IApplicationBuilder app)
    {
        var verifier = app.ApplicationServices.GetRequiredService<IKeyVerifier>();
        return app.Use((context, next) =>
        {
            var token = PresentedCredential.Read(context.Request);
            if (token is null || !PresentedCredential.LooksLikeApiKey(token))
            {
                return next(context);
            }

            if (verifier.RefuseWithoutWork(token, context.Connection.RemoteIpAddress) is not { } refusal)
            {
                return next(context);
            }

            context.Response.Headers.RetryAfter = refusal.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return ErrorResponses.WriteAsync(context, StatusCodes.Status429TooManyRequests, ErrorResponses.ForStatus(StatusCodes.Status429TooManyRequests));
        });
    }
}
