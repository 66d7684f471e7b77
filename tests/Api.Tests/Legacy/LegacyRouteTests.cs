using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ApiKeys.Api.Tests.Harness;

namespace ApiKeys.Api.Tests.Legacy;

/// <summary>Contract §6: Capgo's <c>/apikey/</c> routes, shapes and messages.</summary>
public class LegacyRouteTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private HttpClient RawKeyClient(string key)
    {
        var client = factory.Anonymous();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", key);
        return client;
    }

    [Fact]
    public async Task CreateListDelete_WithRawKeyHeader()
    {
        var (_, ownerKey) = await factory.CreateOrganizationAsync();
        var capgo = RawKeyClient(ownerKey);

        var (created, body) = await capgo.PostJsonAsync("/apikey/", new { name = "cli", mode = "upload" });
        created.StatusCode.Should().Be(HttpStatusCode.OK);
        var apikey = body!["apikey"]!.AsObject();
        apikey.Select(p => p.Key).Should().Contain(["id", "key", "mode", "name", "created_at", "user_id", "limited_to_apps", "limited_to_orgs"]);
        apikey["mode"]!.GetValue<string>().Should().Be("upload");
        var key = apikey["key"]!.GetValue<string>();
        key.Should().StartWith("capy_live_");

        var (listed, list) = await capgo.GetJsonAsync("/apikey/");
        listed.StatusCode.Should().Be(HttpStatusCode.OK);
        list!["data"]!.AsArray().Select(k => k!["id"]!.GetValue<string>()).Should().Contain(apikey["id"]!.GetValue<string>());

        var (deleted, result) = await capgo.DeleteJsonAsync($"/apikey/{apikey["id"]}/");
        deleted.StatusCode.Should().Be(HttpStatusCode.OK);
        result!["success"]!.GetValue<bool>().Should().BeTrue();
        (await RawKeyClient(key).GetJsonAsync("/apikey/")).Response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task InvalidMode_IsCapgosMessage()
    {
        var (_, ownerKey) = await factory.CreateOrganizationAsync();
        var (response, body) = await RawKeyClient(ownerKey).PostJsonAsync("/apikey/", new { name = "x", mode = "admin" });
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        body!.ToJsonString().Should().Be("{\"error\":\"Invalid mode specified. Must be one of: read, write, upload, all\",\"status\":\"KO\"}");
    }

    [Fact]
    public async Task UnknownKey_IsCapgosNotFound()
    {
        var (_, ownerKey) = await factory.CreateOrganizationAsync();
        var (response, body) = await RawKeyClient(ownerKey).DeleteJsonAsync($"/apikey/key_{Guid.CreateVersion7():N}/");
        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        body!.ToJsonString().Should().Be("{\"error\":\"API key not found\",\"status\":\"KO\"}");
    }

    [Fact]
    public async Task ReadModeKey_IsCapgosInsufficientPermissions()
    {
        var (_, ownerKey) = await factory.CreateOrganizationAsync();
        var (_, body) = await RawKeyClient(ownerKey).PostJsonAsync("/apikey/", new { name = "reader", mode = "read" });
        var readKey = body!["apikey"]!["key"]!.GetValue<string>();
        var (response, error) = await RawKeyClient(readKey).PostJsonAsync("/apikey/", new { name = "x", mode = "read" });
        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        error!.ToJsonString().Should().Be("{\"error\":\"Insufficient permissions to manage API keys\",\"status\":\"KO\"}");
    }

    [Theory]
    [InlineData("POST", "{\"name\": ", "application/json", 400)]
    [InlineData("POST", "not json", "application/json", 400)]
    [InlineData("POST", "[]", "application/json", 400)]
    [InlineData("POST", "{\"name\": 5, \"mode\": \"read\"}", "application/json", 400)]
    [InlineData("POST", "{\"name\": \"x\", \"mode\": \"read\"} }", "application/json", 400)]
    [InlineData("POST", "name=x&mode=read", "application/x-www-form-urlencoded", 415)]
    [InlineData("POST", "{\"name\": \"x\", \"mode\": \"read\"}", "text/plain", 415)]
    [InlineData("PUT", null, null, 405)]
    [InlineData("GET", null, null, 401)]
    public async Task EveryError_IsCapgosShape(string method, string? body, string? contentType, int status)
    {
        var (_, ownerKey) = await factory.CreateOrganizationAsync();
        var client = status == 401 ? RawKeyClient("capy_live_000000000000000000000000000000003UFVO5") : RawKeyClient(ownerKey);
        using var request = new HttpRequestMessage(new HttpMethod(method), "/apikey/");
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType!);
        }

        var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        ((int)response.StatusCode).Should().Be(status, text);
        var error = JsonNode.Parse(text)!.AsObject();
        error.Select(p => p.Key).Should().Equal(["error", "status"], text);
        error["status"]!.GetValue<string>().Should().Be("KO");
        error["error"]!.GetValue<string>().Should().NotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task MalformedId_IsCapgosNotFound()
    {
        var (_, ownerKey) = await factory.CreateOrganizationAsync();
        var (response, body) = await RawKeyClient(ownerKey).DeleteJsonAsync("/apikey/not-an-id/");
        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        body!.ToJsonString().Should().Be("{\"error\":\"API key not found\",\"status\":\"KO\"}");
    }

    [Fact]
    public async Task RawKeyHeader_IsNotAcceptedOnV1Routes()
    {
        var (org, ownerKey) = await factory.CreateOrganizationAsync();
        (await RawKeyClient(ownerKey).GetJsonAsync($"/v1/organizations/{org}/api-keys")).Response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }
}
