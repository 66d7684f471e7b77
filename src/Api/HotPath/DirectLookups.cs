using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using ApiKeys.Api.Authentication;
using ApiKeys.Api.Controllers;
using ApiKeys.Api.Errors;
using ApiKeys.Api.Hardening;
using ApiKeys.Api.RateLimiting;
using ApiKeys.Application.Abstractions;
using ApiKeys.Application.KeyChecking;
using ApiKeys.Application.Me.Common;
using ApiKeys.Application.Verification.Verify;
using ApiKeys.Domain.Common;
using ApiKeys.Infrastructure.HotPath;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace ApiKeys.Api.HotPath;

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

        var json = OutputOptions(services.GetRequiredService<IOptions<JsonOptions>>().Value.JsonSerializerOptions);
        var metrics = services.GetRequiredService<KeyMetrics>();
        var verifier = services.GetRequiredService<IKeyVerifier>();
        var buckets = services.GetRequiredService<VerifyBuckets>();
        var verification = services.GetRequiredService<KeyVerification>();
        var usage = services.GetService<IUsageCounter>();
        var defaultPolicyOnlyAuthenticates = OnlyAuthenticates(services.GetRequiredService<IOptions<AuthorizationOptions>>().Value.DefaultPolicy)
            && services.GetRequiredService<IOptions<RateLimiterOptions>>().Value.GlobalLimiter is null;
        var routes = new ConcurrentDictionary<Endpoint, Lookup>();
        var bodies = new ConditionalWeakTable<AuthenticatedKey, byte[]>();
        var verifyAnswers = new ConditionalWeakTable<VerifyKeyResponse, byte[]>();

        // A request answered here: counted as direct, and as a valid use of its key (authentication would count it).
        void Answering(AuthenticatedKey key)
        {
            metrics.DirectLookups.Add(1);
            usage?.Record(key.Id, UsageOutcome.Valid);
        }

        return app.Use(async (context, next) =>
        {
            var lookup = context.GetEndpoint() is { } endpoint
                ? routes.GetOrAdd(endpoint, e => defaultPolicyOnlyAuthenticates ? LookupOf(e) : Lookup.None)
                : Lookup.None;
            if (lookup == Lookup.None
                || context.Request.QueryString.HasValue
                || PresentedCredential.Read(context.Request) is not { } token
                || !PresentedCredential.LooksLikeApiKey(token)
                || (lookup == Lookup.Verify && !IsJson(context.Request)))
            {
                await next(context);
                return;
            }

            // The verify body is read (and kept for MVC) before anything is asked, so a body MVC would refuse goes to MVC untouched.
            VerifyBody? verifyBody = null;
            if (lookup == Lookup.Verify && (verifyBody = await ReadVerifyBodyAsync(context.Request, json)) is null)
            {
                await next(context);
                return;
            }

            // A key with governance (disabled, networks, rate limits, credits) goes the usual way, where it is applied.
            var check = await TracedKeyCheck.VerifyAsync(verifier, context, token);
            if (check.Key is not { } key || !check.IsValid || !key.Policy.IsUnrestricted)
            {
                await next(context);
                return;
            }

            if (lookup == Lookup.Me)
            {
                Answering(key);
                var body = bodies.TryGetValue(key, out var made) ? made : bodies.GetValue(key, k => JsonSerializer.SerializeToUtf8Bytes(MeDescriber.ForKey(k), json));
                context.Response.StatusCode = StatusCodes.Status200OK;
                context.Response.ContentType = ContentType;
                await context.Response.Body.WriteAsync(body, context.RequestAborted);
                return;
            }

            // The key authentication would leave on the request (the query and the limit's partition read it; the
            // principal is not needed here, and authentication makes it if the request goes on). A query the pipeline
            // would refuse (bad input, no apikey.verify) goes to it for its 400 or 403. Then the verify limit of this
            // credential, then the decision.
            context.Features.Set(new AuthenticatedKeyFeature(key));
            var query = KeysController.QueryFor(context, verifyBody!, null);
            var caller = Principal.Key(key.Id, key.OrganizationId, key.Access);
            if (!verification.AdmitsDirectly(query, caller))
            {
                await next(context);
                return;
            }

            Answering(key);
            using var lease = await buckets.AcquireAsync(RateLimits.CredentialOf(context));
            if (!lease.IsAcquired)
            {
                await RateLimits.WriteRejectedAsync(context, lease, context.RequestAborted);
                return;
            }

            await WriteAsync(context, await verification.DecideAsync(query, caller, context.RequestAborted), json, verifyAnswers);
        });
    }

    // MVC's JSON output formatter writes with the relaxed encoder when none is set; so do these answers.
    private static JsonSerializerOptions OutputOptions(JsonSerializerOptions mvc) =>
        mvc.Encoder is null ? new JsonSerializerOptions(mvc) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping } : mvc;

    private static Lookup LookupOf(Endpoint endpoint) =>
        endpoint.Metadata.GetMetadata<ControllerActionDescriptor>() is not { } action || !OnlyAuthenticatesAndKnownFilters(endpoint, action) ? Lookup.None
        : action.ControllerTypeInfo == typeof(MeController) && action.ActionName == nameof(MeController.Get)
            && endpoint.Metadata.GetMetadata<EnableRateLimitingAttribute>() is null ? Lookup.Me
        : action.ControllerTypeInfo == typeof(KeysController) && action.ActionName == nameof(KeysController.Verify)
            && endpoint.Metadata.GetMetadata<EnableRateLimitingAttribute>() is { PolicyName: RateLimits.VerifyPolicy } ? Lookup.Verify
        : Lookup.None;

    // What MVC's JSON input formatter accepts: application/json or a +json type, UTF-8 (or unspecified).
    private static bool IsJson(HttpRequest request) =>
        request.ContentLength is > 0 and <= RequestBodyLimit.MaxBytes
        && MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
        && string.Equals(type.MediaType.Value, "application/json", StringComparison.OrdinalIgnoreCase)
        && (type.Charset.Value is null || string.Equals(type.Charset.Value, "utf-8", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The verify body, read whole (its Content-Length, at most <see cref="RequestBodyLimit.MaxBytes"/>, is known) into one
    /// array and deserialized from it: no file-buffering stream, no async deserializer state. The request keeps the same
    /// bytes as its body, so MVC reads exactly what was sent when the direct lookup hands the request on.
    /// </summary>
    /// <returns>The body, or <see langword="null"/> when MVC should answer it: not a JSON object it would bind.</returns>
    private static async Task<VerifyBody?> ReadVerifyBodyAsync(HttpRequest request, JsonSerializerOptions json)
    {
        var bytes = new byte[(int)request.ContentLength!.Value];
        var read = 0;
        while (read < bytes.Length)
        {
            var n = await request.Body.ReadAsync(bytes.AsMemory(read), request.HttpContext.RequestAborted);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        request.Body = new MemoryStream(bytes, 0, read, writable: false);
        if (read < bytes.Length)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<VerifyBody>(bytes, json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static Task WriteAsync(HttpContext context, Result<VerifyKeyResponse> result, JsonSerializerOptions json, ConditionalWeakTable<VerifyKeyResponse, byte[]> sharedAnswers)
    {
        if (result.IsSuccess)
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            if (!result.Value!.IsShared)
            {
                return context.Response.WriteAsJsonAsync(result.Value, json, ContentType, context.RequestAborted);
            }

            context.Response.ContentType = ContentType;
            // Looked up before GetValue: its factory captures json, a delegate per call.
            var body = sharedAnswers.TryGetValue(result.Value, out var made) ? made : sharedAnswers.GetValue(result.Value, answer => JsonSerializer.SerializeToUtf8Bytes(answer, json));
            return context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
        }

        ApiControllerBase.ApplyErrorHeaders(context.Response, result.Error!);
        context.Response.StatusCode = ErrorBody.StatusOf(result.Error!.Kind);
        return context.Response.WriteAsJsonAsync(ErrorBody.From(result.Error!), json, ContentType, context.RequestAborted);
    }

    private enum Lookup
    {
        None,
        Me,
        Verify,
    }

    /// <summary>An action that demands only an authenticated caller and carries only MVC's own filters.</summary>
    private static bool OnlyAuthenticatesAndKnownFilters(Endpoint endpoint, ControllerActionDescriptor action)
    {
        var metadata = endpoint.Metadata;
        return action.FilterDescriptors.All(f => KnownFilters.Contains(NameOf(f.Filter.GetType())))
            && metadata.GetMetadata<IAllowAnonymous>() is null
            && metadata.GetOrderedMetadata<IAuthorizeData>().Count > 0
            && metadata.GetOrderedMetadata<IAuthorizeData>().All(a => a.Policy is null && a.Roles is null && a.AuthenticationSchemes is null)
            && metadata.GetOrderedMetadata<IAuthorizationRequirementData>().Count == 0
            && metadata.GetOrderedMetadata<AuthorizationPolicy>().Count == 0;
    }

    private static bool OnlyAuthenticates(AuthorizationPolicy policy) =>
        policy.AuthenticationSchemes.Count == 0
        && policy.Requirements.Count == 1
        && policy.Requirements[0] is DenyAnonymousAuthorizationRequirement;

    private static string NameOf(Type type) => (type.IsGenericType ? type.GetGenericTypeDefinition() : type).FullName!;
}
