using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using ApiKeys.Api.Authentication;
using ApiKeys.Api.Controllers;
using ApiKeys.Application.Authentication;
using ApiKeys.Application.Me.Common;
using ApiKeys.Infrastructure.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace ApiKeys.Api.Hosting;

/// <summary>
/// <c>GET /v1/me</c> for a key is a pure lookup, and with verify the service's most frequent call. Right after
/// routing, a request for it that presents a key is verified (the same <see cref="IKeyVerifier"/>, once) and, when
/// valid, answered from the cached key: the answer is a pure function of the immutable cached
/// <see cref="AuthenticatedKey"/>, built by the handler's own <see cref="MeDescriber"/> and serialized once per
/// cached key. What the skipped stages would do is known in advance: the route demands only an authenticated
/// caller and has no rate limit or filter of its own (checked per endpoint; a route that gains one goes the usual
/// way). Everything else (a user, a bad key, a query string) continues down the pipeline, where the check already
/// made is reused. A test compares the bytes and headers with the controller's. <c>Api:DirectLookups</c> = false
/// turns it off.
/// </summary>
public static class DirectLookups
{
    public const string Setting = "Api:DirectLookups";

    private const string ContentType = "application/json; charset=utf-8";

    // The filters MVC puts on these actions; any other would be skipped here, so its action goes to MVC.
    private static readonly HashSet<string> KnownFilters =
    [
        typeof(ApiControllerAttribute).FullName!,
        typeof(ProducesAttribute).FullName!,
        typeof(ProducesResponseTypeAttribute).FullName!,
        typeof(ProducesResponseTypeAttribute<>).FullName!,
        "Microsoft.AspNetCore.Mvc.Infrastructure.ModelStateInvalidFilterFactory",
        "Microsoft.AspNetCore.Mvc.Infrastructure.ClientErrorResultFilterFactory",
        "Microsoft.AspNetCore.Mvc.ModelBinding.UnsupportedContentTypeFilter",
    ];

    public static IApplicationBuilder UseDirectLookups(this IApplicationBuilder app)
    {
        var services = app.ApplicationServices;
        if (!services.GetRequiredService<IConfiguration>().GetValue(Setting, true))
        {
            return app;
        }

        var json = services.GetRequiredService<IOptions<JsonOptions>>().Value.JsonSerializerOptions;
        var metrics = services.GetRequiredService<KeyMetrics>();
        var verifier = services.GetRequiredService<IKeyVerifier>();
        var defaultPolicyOnlyAuthenticates = OnlyAuthenticates(services.GetRequiredService<IOptions<AuthorizationOptions>>().Value.DefaultPolicy)
            && services.GetRequiredService<IOptions<RateLimiterOptions>>().Value.GlobalLimiter is null;
        var eligible = new ConcurrentDictionary<Endpoint, bool>();
        var bodies = new ConditionalWeakTable<AuthenticatedKey, byte[]>();

        return app.Use(async (context, next) =>
        {
            if (context.GetEndpoint() is not { } endpoint
                || context.Request.QueryString.HasValue
                || PresentedCredential.Read(context.Request) is not { } token
                || !PresentedCredential.LooksLikeApiKey(token)
                || !eligible.GetOrAdd(endpoint, e => defaultPolicyOnlyAuthenticates && IsWarmMe(e)))
            {
                await next(context);
                return;
            }

            var check = await verifier.VerifyAsync(token, context.Connection.RemoteIpAddress?.ToString(), context.RequestAborted);
            if (check.Key is not { } key || !check.IsValid)
            {
                context.Features.Set(new PresentedKeyCheck(token, check));
                await next(context);
                return;
            }

            metrics.DirectLookups.Add(1);
            var body = bodies.GetValue(key, k => JsonSerializer.SerializeToUtf8Bytes(MeDescriber.ForKey(k), json));
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = ContentType;
            await context.Response.Body.WriteAsync(body, context.RequestAborted);
        });
    }

    /// <summary>The controller's <c>GET /v1/me</c>, demanding only an authenticated caller, with no filter or limit of its own.</summary>
    private static bool IsWarmMe(Endpoint endpoint)
    {
        var metadata = endpoint.Metadata;
        return metadata.GetMetadata<ControllerActionDescriptor>() is { } action
            && action.ControllerTypeInfo == typeof(MeController)
            && action.ActionName == nameof(MeController.Get)
            && action.FilterDescriptors.All(f => KnownFilters.Contains(NameOf(f.Filter.GetType())))
            && metadata.GetMetadata<IAllowAnonymous>() is null
            && metadata.GetOrderedMetadata<IAuthorizeData>().Count > 0
            && metadata.GetOrderedMetadata<IAuthorizeData>().All(a => a.Policy is null && a.Roles is null && a.AuthenticationSchemes is null)
            && metadata.GetOrderedMetadata<IAuthorizationRequirementData>().Count == 0
            && metadata.GetOrderedMetadata<AuthorizationPolicy>().Count == 0
            && metadata.GetMetadata<EnableRateLimitingAttribute>() is null;
    }

    private static bool OnlyAuthenticates(AuthorizationPolicy policy) =>
        policy.AuthenticationSchemes.Count == 0
        && policy.Requirements.Count == 1
        && policy.Requirements[0] is DenyAnonymousAuthorizationRequirement;

    private static string NameOf(Type type) => (type.IsGenericType ? type.GetGenericTypeDefinition() : type).FullName!;
}
