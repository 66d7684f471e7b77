using System.Text.Json;
using ApiKeys.Api.Authentication;
using ApiKeys.Api.Errors;
using ApiKeys.Api.Hardening;
using ApiKeys.Application.KeyChecking;
using ApiKeys.Infrastructure.HotPath;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace ApiKeys.Api.RateLimiting;

/// <summary>
/// The first middleware. Answers a request that will be refused anyway before routing, authentication and MVC: a key presented from an
/// address that has spent its failure budget (and that this node does not already know) gets its 429 here, with
/// the contract's body and a <c>Retry-After</c> of the rest of the window. A flood then costs a fraction of what
/// real traffic costs, and cannot crowd it out: the refusal is also held for <c>RefusalDelayMilliseconds</c>
/// (a timer, no thread), so a client that keeps flooding gets its answers slowly.
/// </summary>
public static class RefusalGate
{
    public static IApplicationBuilder UseRefusalGate(this IApplicationBuilder app)
    {
        var verifier = app.ApplicationServices.GetRequiredService<IKeyVerifier>();
        var json = app.ApplicationServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        const int Status = StatusCodes.Status429TooManyRequests;
        var body = ErrorResponses.ForStatus(Status);

        // The same bytes ErrorResponses writes, serialized once: a refusal costs no allocation of its own.
        var v1Body = JsonSerializer.SerializeToUtf8Bytes(body, json);
        var legacyBody = JsonSerializer.SerializeToUtf8Bytes(ErrorResponses.Legacy(Status, body), json);
        var delay = TimeSpan.FromMilliseconds(app.ApplicationServices.GetRequiredService<IOptions<HotPathOptions>>().Value.RefusalDelayMilliseconds);
        return app.Use((context, next) =>
        {
            var token = PresentedCredential.Read(context.Request);
            if (token is null || !PresentedCredential.LooksLikeApiKey(token)
                || verifier.RefuseWithoutWork(token, context.Connection.RemoteIpAddress) is not { } refusal)
            {
                return next(context);
            }

            var response = context.Response;
            SecurityHeaders.Apply(context);
            response.StatusCode = Status;
            ThrottleHeaders.SetRetryAfter(response, refusal.RetryAfter!.Value);
            response.ContentType = "application/json; charset=utf-8";
            var bytes = PresentedCredential.IsLegacyRoute(context.Request) ? legacyBody : v1Body;
            response.ContentLength = bytes.Length;
            var hold = refusal.RetryAfter is { } wait && wait < delay ? wait : delay;
            return hold > TimeSpan.Zero ? WriteLaterAsync(response, bytes, hold) : response.Body.WriteAsync(bytes, context.RequestAborted).AsTask();
        });
    }

    // Real time, not the service's clock: this paces a client, it decides nothing.
    private static async Task WriteLaterAsync(HttpResponse response, byte[] bytes, TimeSpan hold)
    {
        try
        {
            await Task.Delay(hold, response.HttpContext.RequestAborted);
            await response.Body.WriteAsync(bytes, response.HttpContext.RequestAborted);
        }
        catch (OperationCanceledException) when (response.HttpContext.RequestAborted.IsCancellationRequested)
        {
            // The client went away while its refusal was held: nothing to send.
        }
    }
}
