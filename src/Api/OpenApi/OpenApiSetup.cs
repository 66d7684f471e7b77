using ApiKeys.Api.Json;
using Microsoft.AspNetCore.OpenApi;

namespace ApiKeys.Api.OpenApi;

/// <summary>
/// The OpenAPI document (<c>/openapi/v1.json</c>, also written to docs/openapi.json at build time): ASP.NET Core's
/// generator plus transformers that add what it cannot infer from the code (security, error answers, enums,
/// optional fields, the routes outside MVC).
/// </summary>
public static class OpenApiSetup
{
    public static IServiceCollection AddApiOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.OpenApiVersion = Microsoft.OpenApi.OpenApiSpecVersion.OpenApi3_1;
            // Optional<T> is described as the T it carries, inline: no component leaks the wrapper's name.
            // So is free-form JSON (a key's meta): an object, not a component named after System.Text.Json's type.
            options.CreateSchemaReferenceId = type =>
                type.Type.IsGenericType && type.Type.GetGenericTypeDefinition() == typeof(Optional<>) ? null
                : typeof(System.Text.Json.Nodes.JsonNode).IsAssignableFrom(type.Type) ? null
                : OpenApiOptions.CreateDefaultSchemaReferenceId(type);
            options.AddSchemaTransformer<ContractSchemaTransformer>();
            options.AddOperationTransformer<ContractOperationTransformer>();
            options.AddDocumentTransformer<ContractDocumentTransformer>();
        });
}
