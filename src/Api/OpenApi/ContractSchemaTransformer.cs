using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using ApiKeys.Api.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ApiKeys.Api.OpenApi;

/// <summary>
/// Makes each object schema say what the service does: request fields optional unless the contract needs them and
/// never <c>null</c> unless <c>null</c> means something; answer fields always present (nullable where they may be
/// <c>null</c>); times as strings; integers as integers; <c>Optional&lt;T&gt;</c> as the <c>T</c> it carries;
/// the contract's closed sets of values as enums.
/// </summary>
internal sealed class ContractSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var typeInfo = context.JsonTypeInfo;
        if (context.ParameterDescription is { } parameter && typeInfo.Kind == JsonTypeInfoKind.None)
        {
            // Query and path parameters: plain integers, and the closed sets the contract names.
            Fix(schema, nullable: false);
            if (ContractSchemas.ParameterEnums.TryGetValue(parameter.Name, out var allowed))
            {
                schema.Enum = [.. allowed.Select(v => (JsonNode)JsonValue.Create(v))];
            }

            return Task.CompletedTask;
        }

        // Also reached as a property of another object (a nested body): the rules depend on the type alone.
        if (typeInfo.Kind != JsonTypeInfoKind.Object || schema.Properties is not { Count: > 0 } properties
            || typeInfo.Type.Namespace?.StartsWith("ApiKeys.", StringComparison.Ordinal) != true)
        {
            return Task.CompletedTask;
        }

        var type = typeInfo.Type;
        var isRequest = ContractSchemas.RequiredInRequests.TryGetValue(type, out var required);
        schema.Required = new HashSet<string>(
            isRequest ? required! : properties.Keys.Where(name => !ContractSchemas.OmittedWhenNull.Contains((type, name))),
            StringComparer.Ordinal);

        foreach (var property in typeInfo.Properties)
        {
            if (!properties.TryGetValue(property.Name, out var propertySchema))
            {
                continue;
            }

            var nullable = isRequest
                ? ContractSchemas.NullableInRequests.Contains((type, property.Name))
                : IsNullable(property) && !ContractSchemas.OmittedWhenNull.Contains((type, property.Name));
            if (IsOptional(property.PropertyType, out var carried))
            {
                properties[property.Name] = propertySchema = ScalarSchema(carried);
            }

            if (propertySchema is OpenApiSchema inline)
            {
                Fix(inline, nullable);
                if (typeof(JsonNode).IsAssignableFrom(property.PropertyType))
                {
                    // Free-form JSON (a key's meta): any members, so generators type it as a map of unknown values.
                    inline.AdditionalProperties = new OpenApiSchema();
                }

                if (ContractSchemas.ItemEnums.TryGetValue((type, property.Name), out var itemValues) && inline.Items is OpenApiSchema items)
                {
                    items.Enum = [.. itemValues.Select(v => (JsonNode)JsonValue.Create(v))];
                }

                if (ContractSchemas.Enums.TryGetValue((type, property.Name), out var values))
                {
                    inline.Enum = [.. values.Select(v => (JsonNode)JsonValue.Create(v))];
                    if (nullable)
                    {
                        inline.Enum.Add(null!);
                    }
                }
            }
        }

        return Task.CompletedTask;
    }

    private static bool IsNullable(JsonPropertyInfo property) =>
        property.IsGetNullable && (!property.PropertyType.IsValueType || Nullable.GetUnderlyingType(property.PropertyType) is not null);

    private static bool IsOptional(Type type, out Type carried)
    {
        carried = type;
        if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(Optional<>))
        {
            return false;
        }

        carried = Nullable.GetUnderlyingType(type.GetGenericArguments()[0]) ?? type.GetGenericArguments()[0];
        return true;
    }

    private static OpenApiSchema ScalarSchema(Type type) =>
        type == typeof(int) ? new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" }
        : type == typeof(DateTimeOffset) ? new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" }
        : throw new NotSupportedException($"Optional<{type.Name}> has no schema yet.");

    /// <summary>Times are strings; integers are plain integers (the reader's leniency with quoted numbers is not the contract); null only where allowed.</summary>
    private static void Fix(OpenApiSchema schema, bool nullable)
    {
        if (schema.Format == "date-time")
        {
            schema.Type = JsonSchemaType.String;
        }

        if (schema.Type is { } type && type.HasFlag(JsonSchemaType.Integer))
        {
            schema.Type = JsonSchemaType.Integer;
            schema.Pattern = null;
        }

        if (schema.Type is { } current)
        {
            schema.Type = nullable ? current | JsonSchemaType.Null : current & ~JsonSchemaType.Null;
        }
    }
}
