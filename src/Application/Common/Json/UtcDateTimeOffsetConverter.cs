using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ApiKeys.Application.Common.Json;

/// <summary>Writes instants as the contract does, ISO 8601 in UTC with a <c>Z</c> (<c>2026-01-01T00:00:00Z</c>).</summary>
public sealed class UtcDateTimeOffsetConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset().ToUniversalTime();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFF'Z'", CultureInfo.InvariantCulture));
}
