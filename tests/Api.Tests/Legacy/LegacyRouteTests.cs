using System.Net;
using ApiKeys.Api.Tests.Infrastructure;

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

    [Fact]
    public async Task RawKeyHeader_IsNotAcceptedOnV1Routes()
    {
        var (org, ownerKey) = await factory.CreateOrganizationAsync();
        (await RawKeyClient(ownerKey).GetJsonAsync($"/v1/organizations/{org}/api-keys")).Response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }
}
