using System.Text.Json.Nodes;
using ApiKeys.Api.Errors;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ApiKeys.Api.OpenApi;

/// <summary>
/// Adds to each operation every error status it can answer, with the contract's error body (Capgo's on the legacy
/// routes) and the headers that go with it, keeps <c>application/json</c> as the only request media type (the
/// service answers 415 to anything else) and gives request bodies an example.
/// </summary>
internal sealed class ContractOperationTransformer : IOpenApiOperationTransformer
{
    private static readonly Dictionary<int, string> Descriptions = new()
    {
        [400] = "Bad input; `details` names each bad field. Nothing changed.",
        [401] = "No credentials, or a token that is malformed, unknown, revoked or expired (`WWW-Authenticate: Bearer`).",
        [403] = "Authenticated, but the caller lacks the permission or does not cover the target.",
        [404] = "Nothing by that id here (another organization's ids answer the same).",
        [409] = "Conflicts with the current state (existing id, revoked key, concurrent change, last owner).",
        [413] = "The body is over 64 KiB.",
        [415] = "The body is not JSON (`Content-Type: application/json`).",
        [422] = "The organization's key policy refuses it; `code` names the policy.",
        [429] = "Too many requests (or failed authentications from this address); retry after `Retry-After` seconds.",
        [503] = "The database or the hashing pool is saturated or down; retry after `Retry-After` seconds.",
    };

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var description = context.Description;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var legacy = ContractDocumentTransformer.IsLegacy(description.RelativePath);
        var hasBody = description.ParameterDescriptions.Any(p => p.Source == BindingSource.Body);
        var needsCaller = !metadata.OfType<IAllowAnonymous>().Any();

        var statuses = new SortedSet<int>(metadata.OfType<ErrorResponsesAttribute>().SelectMany(a => a.Statuses));
        if (needsCaller)
        {
            statuses.UnionWith([401, 429, 503]);
        }

        if (hasBody)
        {
            statuses.UnionWith([400, 413, 415]);
        }

        var errorType = legacy ? typeof(LegacyErrorBody) : typeof(ErrorBody);
        var errorSchema = await context.GetOrCreateSchemaAsync(errorType, null, cancellationToken);
        context.Document!.AddComponent(errorType.Name, errorSchema);
        var errorReference = new OpenApiSchemaReference(errorType.Name, context.Document);

        operation.Responses ??= [];
        foreach (var status in statuses)
        {
            var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (operation.Responses.TryGetValue(key, out var declared))
            {
                // A status the action answers in its own shape (verify's 429) can also come from the shared
                // machinery (authentication's failure budget) in the error shape: either may arrive.
                if (declared is OpenApiResponse { Content: { } declaredContent } && declaredContent.TryGetValue("application/json", out var media) && media.Schema is { } own)
                {
                    media.Schema = new OpenApiSchema { OneOf = [own, errorReference] };
                    ((OpenApiResponse)declared).Description = Descriptions[status];
                }

                continue;
            }

            operation.Responses[key] = new OpenApiResponse
            {
                Description = Descriptions[status],
                Headers = HeadersFor(status),
                Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = errorReference } },
            };
        }

        foreach (var (key, response) in operation.Responses)
        {
            if (key is "429" or "503" && response is OpenApiResponse concrete && concrete.Headers is null)
            {
                concrete.Headers = HeadersFor(int.Parse(key, System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        if (operation.RequestBody is OpenApiRequestBody body && body.Content is { } content)
        {
            foreach (var mediaType in content.Keys.Where(k => k != "application/json").ToList())
            {
                content.Remove(mediaType);
            }

            if (operation.OperationId is { } id && ContractExamples.RequestBodies.TryGetValue(id, out var example) && content.TryGetValue("application/json", out var json))
            {
                json.Example = JsonNode.Parse(example);
            }
        }
    }

    private static Dictionary<string, IOpenApiHeader>? HeadersFor(int status) => status switch
    {
        401 => new() { ["WWW-Authenticate"] = Header("`Bearer`: the schemes this service accepts.", JsonSchemaType.String) },
        429 or 503 => new() { ["Retry-After"] = Header("Seconds after which the same request can succeed.", JsonSchemaType.Integer) },
        _ => null,
    };

    private static OpenApiHeader Header(string description, JsonSchemaType type) =>
        new() { Description = description, Schema = new OpenApiSchema { Type = type } };
}
