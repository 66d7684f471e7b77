using ApiKeys.Api.Authentication;
using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Organizations;
using ApiKeys.Domain.Webhooks;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace ApiKeys.Api.Errors;

/// <summary>
/// Writes the contract's error body for responses that reach the client without one (an authentication
/// challenge, an unknown route, a wrong media type) and for the legacy Capgo routes in Capgo's own shape.
/// </summary>
public static class ErrorResponses
{
    public static ErrorBody ForStatus(int status) => status switch
    {
        StatusCodes.Status400BadRequest => new("The request is malformed.", "bad_request"),
        StatusCodes.Status401Unauthorized => new("Missing or invalid credentials.", "unauthorized"),
        StatusCodes.Status403Forbidden => new("You are not allowed to do this.", "forbidden"),
        StatusCodes.Status404NotFound => new("Not found.", "not_found"),
        StatusCodes.Status405MethodNotAllowed => new("Method not allowed on this route.", "method_not_allowed"),
        StatusCodes.Status413PayloadTooLarge => new("The request body is larger than the route takes (64 KiB; 1 MiB for an import).", "payload_too_large"),
        StatusCodes.Status415UnsupportedMediaType => new("The request body must be JSON (Content-Type: application/json).", "unsupported_media_type"),
        StatusCodes.Status429TooManyRequests => new("Too many requests; retry later.", "rate_limited"),
        StatusCodes.Status503ServiceUnavailable => new("The service is temporarily unavailable; retry later.", "service_unavailable"),
        _ => new("The request failed.", "error"),
    };

    public static Task WriteAsync(HttpContext context, int status, ErrorBody body)
    {
        context.Response.StatusCode = status;
        if (status == StatusCodes.Status401Unauthorized)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
        }

        var json = context.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        if (PresentedCredential.IsLegacyRoute(context.Request))
        {
            return context.Response.WriteAsJsonAsync(Legacy(status, body), json);
        }

        return context.Response.WriteAsJsonAsync(body, json);
    }

    /// <summary>The body of <paramref name="body"/> on the legacy Capgo routes.</summary>
    public static LegacyErrorBody Legacy(int status, ErrorBody body) => new(LegacyMessage(status, body), "KO");

    /// <summary>The body for an MVC model-binding failure: one <c>details</c> entry per bad field, named as in the JSON.</summary>
    public static IActionResult InvalidModelState(ActionContext context)
    {
        if (UnboundId(context) is { } notFound)
        {
            // docs/api.md §4: ids are opaque; one that cannot name anything is as absent as one that names nothing.
            return new NotFoundObjectResult(ErrorBody.From(notFound));
        }

        var details = context.ModelState
            .Where(e => e.Value is { Errors.Count: > 0 })
            .GroupBy(e => FieldName(e.Key), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => new[] { g.Key == "body" ? "A JSON object body is required." : "Invalid value." }, StringComparer.Ordinal);
        var body = new ErrorBody(details.Count == 1 ? $"Invalid {details.Keys.First()}." : "The request has invalid fields.", "validation_failed", details);
        return PresentedCredential.IsLegacyRoute(context.HttpContext.Request)
            // docs/api.md §6: every error on a legacy route is Capgo's shape, malformed bodies included.
            ? new BadRequestObjectResult(new LegacyErrorBody(body.Error, "KO"))
            : new BadRequestObjectResult(body);
    }

    /// <summary>
    /// The not-found error of the first typed-id parameter (<c>orgID</c>, <c>keyID</c>, <c>organization_id</c>) that
    /// failed to bind, the same error a well-formed id naming nothing gets; <see langword="null"/> when all bound.
    /// </summary>
    private static Error? UnboundId(ActionContext context)
    {
        foreach (var parameter in context.ActionDescriptor.Parameters)
        {
            var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
            var name = parameter.BindingInfo?.BinderModelName ?? parameter.Name;
            if (context.ModelState.TryGetValue(name, out var entry) && entry.Errors.Count > 0)
            {
                if (type == typeof(OrganizationId))
                {
                    return OrganizationErrors.NotFound;
                }

                if (type == typeof(ApiKeyId))
                {
                    return ApiKeyErrors.NotFound;
                }

                if (type == typeof(WebhookId))
                {
                    return WebhookErrors.NotFound;
                }
            }
        }

        return null;
    }

    private static string FieldName(string key)
    {
        // System.Text.Json reports "$.expires_at": the body's own (snake_case) name.
        var name = key.StartsWith("$.", StringComparison.Ordinal) ? key[2..] : key;
        return name is "" or "$" || name.Equals("body", StringComparison.OrdinalIgnoreCase) ? "body" : name;
    }

    private static string LegacyMessage(int status, ErrorBody body) => status switch
    {
        StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden => LegacyErrors.InsufficientPermissionsMessage,
        StatusCodes.Status404NotFound => LegacyErrors.NotFoundMessage,
        _ => body.Error,
    };
}

/// <summary>Capgo's error shape on the legacy routes.</summary>
public sealed record LegacyErrorBody(string Error, string Status);
