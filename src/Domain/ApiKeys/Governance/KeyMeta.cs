using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ApiKeys.Domain.ApiKeys.Governance;

/// <summary>
/// A key's <c>meta</c> (docs/api.md §9): a JSON object of at most 4 KiB (as compact UTF-8), returned by verify. Kept as
/// its compact text, so that it is stored, cached and compared as one immutable string.
/// </summary>
public sealed record KeyMeta
{
    public const int MaxBytes = 4096;
    public const string InvalidMessage = "meta must be a JSON object of at most 4096 bytes.";

    private KeyMeta(string json) => Json = json;

    public string Json { get; }

    public static bool TryCreate(JsonObject value, out KeyMeta? meta)
    {
        var json = value.ToJsonString();
        meta = Encoding.UTF8.GetByteCount(json) <= MaxBytes ? new KeyMeta(json) : null;
        return meta is not null;
    }

    public static KeyMeta FromStored(string json) =>
        JsonNode.Parse(json) is JsonObject value && TryCreate(value, out var meta) ? meta! : throw new FormatException("Stored meta is not a JSON object of at most 4 KiB.");

    /// <summary>A fresh copy to put in an answer (a <see cref="JsonObject"/> belongs to one parent).</summary>
    public JsonObject ToJsonObject() => (JsonObject)JsonNode.Parse(Json)!;

    /// <summary>The object as a <see cref="JsonElement"/>: immutable, so one instance can be shared by every answer.</summary>
    public JsonElement ToElement()
    {
        using var document = JsonDocument.Parse(Json);
        return document.RootElement.Clone();
    }
}
