using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ApiKeys.Api.Tests.Harness;

/// <summary>Tests read answers as raw JSON, as a client written from the contract would: field names are part of what is tested.</summary>
public static class HttpExtensions
{
    public static async Task<(HttpResponseMessage Response, JsonNode? Body)> SendJsonAsync(this HttpClient client, HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = body is string raw
                ? new StringContent(raw, System.Text.Encoding.UTF8, "application/json")
                : JsonContent.Create(body);
        }

        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? json = null;
        if (text.Length > 0 && response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) == true)
        {
            json = JsonNode.Parse(text);
        }

        return (response, json);
    }

    public static Task<(HttpResponseMessage Response, JsonNode? Body)> GetJsonAsync(this HttpClient client, string path) =>
        client.SendJsonAsync(HttpMethod.Get, path);

    public static Task<(HttpResponseMessage Response, JsonNode? Body)> PostJsonAsync(this HttpClient client, string path, object? body) =>
        client.SendJsonAsync(HttpMethod.Post, path, body ?? new { });

    public static Task<(HttpResponseMessage Response, JsonNode? Body)> PatchJsonAsync(this HttpClient client, string path, object body) =>
        client.SendJsonAsync(HttpMethod.Patch, path, body);

    public static Task<(HttpResponseMessage Response, JsonNode? Body)> PutJsonAsync(this HttpClient client, string path, object body) =>
        client.SendJsonAsync(HttpMethod.Put, path, body);

    public static Task<(HttpResponseMessage Response, JsonNode? Body)> DeleteJsonAsync(this HttpClient client, string path) =>
        client.SendJsonAsync(HttpMethod.Delete, path);

    public static JsonSerializerOptions Snake { get; } = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Creates a key in <paramref name="org"/> as <paramref name="owner"/> (201 asserted): its id and plaintext token.</summary>
    public static async Task<(string Id, string Token)> CreateKeyAsync(this HttpClient owner, string org, object body)
    {
        var (response, created) = await owner.PostJsonAsync($"/v1/organizations/{org}/api-keys", body);
        response.StatusCode.Should().Be(System.Net.HttpStatusCode.Created, created?.ToJsonString());
        return (created!["api_key"]!["id"]!.GetValue<string>(), created["plaintext_api_key"]!.GetValue<string>());
    }
}
