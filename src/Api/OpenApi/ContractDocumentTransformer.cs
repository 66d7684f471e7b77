using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ApiKeys.Api.OpenApi;

/// <summary>
/// The document-wide parts: what the service is, where <c>dotnet run</c> serves it, the two ways to authenticate
/// (an API key or a JWT, both as a bearer token; the legacy routes also take the raw key), required on every
/// operation that needs a caller, the health routes (outside MVC) and the legacy paths as Capgo writes them.
/// </summary>
internal sealed class ContractDocumentTransformer : IOpenApiDocumentTransformer
{
    public const string ApiKeyScheme = "api_key";
    public const string JwtScheme = "jwt";
    public const string RawKeyScheme = "capgo_raw_key";

    private static readonly Dictionary<string, string> Tags = new()
    {
        ["Organizations"] = "Organizations (docs/api.md §3).",
        ["Apps"] = "An organization's apps, by reverse-DNS id (docs/api.md §3).",
        ["Members"] = "Users of an organization and their roles (docs/api.md §3).",
        ["AuditEvents"] = "The organization's audit trail (docs/api.md §3).",
        ["Me"] = "The calling principal (docs/api.md §3).",
        ["ApiKeys"] = "An organization's API keys (docs/api.md §4).",
        ["Keys"] = "Verification for other services (docs/api.md §5).",
        ["KeyChanges"] = "The change feed that remote verify caches follow (docs/api.md §5).",
        ["LegacyApiKeys"] = "Capgo's legacy routes (docs/api.md §6), in Capgo's shapes and messages.",
        ["Health"] = "Liveness and readiness (docs/api.md §7).",
    };

    public static bool IsLegacy(string? relativePath) => relativePath?.StartsWith("apikey", StringComparison.OrdinalIgnoreCase) == true;

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "ApiKeys",
            Version = "1.0.0",
            Description = "Issues, verifies and governs API keys for organizations, with role-based access control.",
            License = new OpenApiLicense { Name = "MIT", Identifier = "MIT" },
        };
        document.Servers = [new OpenApiServer { Url = "http://localhost:5080", Description = "`dotnet run --project src/Api`" }];
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
        {
            [ApiKeyScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "capy_live_…",
                Description = "An API key: `Authorization: Bearer capy_live_…`.",
            },
            [JwtScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "A user's JWT from the configured identity provider (`sub` is the user id).",
            },
            [RawKeyScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = "Authorization",
                Description = "Legacy routes only: the raw key with no `Bearer ` word, as Capgo's CLI sends it.",
            },
        };

        KeepMeaningfulNulls(document);
        ComponentsAreNeverNull(document);
        AddHealth(document);
        RenameLegacyPaths(document);
        document.Tags = new HashSet<OpenApiTag>(Tags.Select(t => new OpenApiTag { Name = t.Key, Description = t.Value }));

        foreach (var (path, item) in document.Paths)
        {
            foreach (var (_, operation) in item.Operations ?? [])
            {
                // An operation that answers 401 needs a caller; the others (health, anonymous routes) need none.
                operation.Security = operation.Responses?.ContainsKey("401") == true && !ContractSchemas.Unauthenticated.Contains(operation.OperationId ?? string.Empty)
                    ? [Requirement(ApiKeyScheme, document), Requirement(JwtScheme, document), .. IsLegacy(path.TrimStart('/')) ? [Requirement(RawKeyScheme, document)] : Array.Empty<OpenApiSecurityRequirement>()]
                    : [];
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// The generator drops <c>null</c> from the properties of a schema it reaches only through a nullable property
    /// (<c>key_policy</c>); put back the request fields whose <c>null</c> means something.
    /// </summary>
    private static void KeepMeaningfulNulls(OpenApiDocument document)
    {
        foreach (var (type, property) in ContractSchemas.NullableInRequests)
        {
            if (document.Components?.Schemas is { } schemas && schemas.TryGetValue(type.Name, out var found)
                && found is OpenApiSchema { Properties: { } properties }
                && properties.TryGetValue(property, out var inner) && inner is OpenApiSchema { Type: { } kind } schema)
            {
                schema.Type = kind | JsonSchemaType.Null;
            }
        }
    }

    /// <summary>
    /// A component reached through a nullable property comes out as <c>["null", "object"]</c>, which makes the
    /// property's <c>oneOf: [null, $ref]</c> match <c>null</c> twice; nullability belongs to the property only.
    /// </summary>
    private static void ComponentsAreNeverNull(OpenApiDocument document)
    {
        foreach (var (_, component) in document.Components?.Schemas ?? new Dictionary<string, IOpenApiSchema>())
        {
            if (component is OpenApiSchema { Type: { } type } concrete && type != JsonSchemaType.Null)
            {
                concrete.Type = type & ~JsonSchemaType.Null;
            }
        }
    }

    private static OpenApiSecurityRequirement Requirement(string scheme, OpenApiDocument document) =>
        new() { [new OpenApiSecuritySchemeReference(scheme, document)] = [] };

    private static void RenameLegacyPaths(OpenApiDocument document)
    {
        // Capgo's clients call /apikey/ and /apikey/{id}/ (routing accepts both; the contract writes the slash).
        foreach (var path in document.Paths.Keys.Where(p => IsLegacy(p.TrimStart('/')) && !p.EndsWith('/')).ToList())
        {
            document.Paths[path + "/"] = document.Paths[path];
            document.Paths.Remove(path);
        }
    }

    private static void AddHealth(OpenApiDocument document)
    {
        var statuses = new List<JsonNode> { JsonValue.Create("Healthy")!, JsonValue.Create("Degraded")!, JsonValue.Create("Unhealthy")! };
        var text = new OpenApiSchema { Type = JsonSchemaType.String, Enum = statuses };
        var check = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Required = new HashSet<string> { "status", "description" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["status"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = statuses },
                ["description"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
            },
        };
        var report = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Required = new HashSet<string> { "status", "checks" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["status"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = statuses },
                ["checks"] = new OpenApiSchema { Type = JsonSchemaType.Object, AdditionalProperties = check },
            },
        };
        document.Paths["/health/live"] = HealthPath("healthLive", "Liveness: the process answers", "text/plain", text, "The process is up.");
        document.Paths["/health/ready"] = HealthPath("healthReady", "Readiness: the database answers", "application/json", report,
            "Ready to serve; `Degraded` (still 200) names a warning, such as an unprotected key ring.");
    }

    private static OpenApiPathItem HealthPath(string operationId, string summary, string mediaType, OpenApiSchema schema, string okDescription)
    {
        OpenApiResponse Response(string description) => new()
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType> { [mediaType] = new() { Schema = schema } },
        };

        var operation = new OpenApiOperation
        {
            OperationId = operationId,
            Summary = summary,
            Tags = new HashSet<OpenApiTagReference> { new("Health") },
            Responses = new OpenApiResponses { ["200"] = Response(okDescription), ["503"] = Response("Not ready: a check failed.") },
        };
        return new OpenApiPathItem { Operations = new Dictionary<HttpMethod, OpenApiOperation> { [HttpMethod.Get] = operation } };
    }
}
