using System.Text.Json;
using System.Text.Json.Serialization;

namespace ApiKeys.Application.Common.Json;

/// <summary>The contract's JSON (snake_case names, UTC instants with a <c>Z</c>), for bodies written outside a response: webhook events.</summary>
public static class ContractJson
{
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions());

    /// <summary>Applies the contract's conventions to <paramref name="json"/> (the Api's response options use it too).</summary>
    public static JsonSerializerOptions Configure(JsonSerializerOptions json)
    {
        json.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        json.DictionaryKeyPolicy = null;
        json.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        json.Converters.Add(new UtcDateTimeOffsetConverter());

        // docs/api.md §7: an object with the same member twice is a 400, never "the last one wins" (which a proxy or
        // a validator in front of us may read as "the first one wins").
        json.AllowDuplicateProperties = false;
        return json;
    }
}
