using System.Net;
using ApiKeys.Api.Tests.Infrastructure;

namespace ApiKeys.Api.Tests.Verification;

/// <summary>Contract §5: every result code of <c>POST /v1/keys/verify</c>.</summary>
public class VerifyTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const string Verify = "/v1/keys/verify";
    private const string App = "com.demo.app";

    private async Task<(string Org, HttpClient Owner)> OrgWithAppAsync()
    {
        var (org, key) = await factory.CreateOrganizationAsync();
        var owner = factory.WithToken(key);
        await owner.PostJsonAsync($"/v1/organizations/{org}/apps", new { app_id = App, name = "Demo" });
        return (org, owner);
    }

    private static async Task<(string Id, string Token)> CreateKeyAsync(HttpClient owner, string org, object body)
    {
        var (response, created) = await owner.PostJsonAsync($"/v1/organizations/{org}/api-keys", body);
        response.StatusCode.Should().Be(HttpStatusCode.Created);
        return (created!["api_key"]!["id"]!.GetValue<string>(), created["plaintext_api_key"]!.GetValue<string>());
    }

    [Fact]
    public async Task Valid_KeyWithPermissionOnApp()
    {
        var (org, owner) = await OrgWithAppAsync();
        var (id, token) = await CreateKeyAsync(owner, org, new { name = "uploader", app_roles = new[] { new { app_id = App, role = "uploader" } } });

        var (response, body) = await factory.Anonymous().PostJsonAsync(Verify, new { key = token, app_id = App, permissions = new[] { "app.upload_bundle" } });
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        body!["valid"]!.GetValue<bool>().Should().BeTrue();
        body["code"]!.GetValue<string>().Should().Be("VALID");
        body["key_id"]!.GetValue<string>().Should().Be(id);
        body["organization_id"]!.GetValue<string>().Should().Be(org);
        body["permissions"]!.AsArray().Select(p => p!.GetValue<string>()).Should().Contain("app.upload_bundle");
        body.AsObject().Select(p => p.Key).Should().BeEquivalentTo("valid", "code", "key_id", "organization_id", "project_id", "permissions", "expires_at");
    }

    [Fact]
    public async Task Forbidden_WhenPermissionMissingOnApp()
    {
        var (org, owner) = await OrgWithAppAsync();
        var (_, token) = await CreateKeyAsync(owner, org, new { name = "reader", app_roles = new[] { new { app_id = App, role = "reader" } } });
        var (_, body) = await factory.Anonymous().PostJsonAsync(Verify, new { key = token, app_id = App, permissions = new[] { "app.upload_bundle" } });
        body!["valid"]!.GetValue<bool>().Should().BeFalse();
        body["code"]!.GetValue<string>().Should().Be("FORBIDDEN");
    }

    [Theory]
    [InlineData("capy_live_000000000000000000000000000000003UFVO5")]
    [InlineData("capy_live_aWFeOgd23eOp1ARVjVEeNJPXGyijpXUw1MDPZ0")]
    [InlineData("garbage")]
    public async Task NotFound_ForMalformedOrUnknownKeys(string key)
    {
        var (response, body) = await factory.Anonymous().PostJsonAsync(Verify, new { key });
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        body!["code"]!.GetValue<string>().Should().Be("NOT_FOUND");
        body["valid"]!.GetValue<bool>().Should().BeFalse();
        body["key_id"].Should().BeNull();
    }

    [Fact]
    public async Task Revoked_AfterDelete()
    {
        var (org, owner) = await OrgWithAppAsync();
        var (id, token) = await CreateKeyAsync(owner, org, new { name = "soon revoked" });
        (await factory.Anonymous().PostJsonAsync(Verify, new { key = token })).Body!["code"]!.GetValue<string>().Should().Be("VALID");
        await owner.DeleteJsonAsync($"/v1/organizations/{org}/api-keys/{id}");
        (await factory.Anonymous().PostJsonAsync(Verify, new { key = token })).Body!["code"]!.GetValue<string>().Should().Be("REVOKED");
    }

    [Fact]
    public async Task Expired_AfterExpiry()
    {
        var (org, owner) = await OrgWithAppAsync();
        var (_, token) = await CreateKeyAsync(owner, org, new { name = "brief", expires_at = DateTime.UtcNow.AddSeconds(1.5).ToString("O") });
        await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);
        (await factory.Anonymous().PostJsonAsync(Verify, new { key = token })).Body!["code"]!.GetValue<string>().Should().Be("EXPIRED");
    }

    [Theory]
    [InlineData("{}", "key")]
    [InlineData("{\"key\": \"x\", \"permissions\": [\"app.fly\"]}", "permissions")]
    [InlineData("{\"key\": \"x\", \"app_id\": \"not an app\"}", "app_id")]
    public async Task BadInput_Is400(string json, string field)
    {
        var (response, body) = await factory.Anonymous().SendJsonAsync(HttpMethod.Post, Verify, json);
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        body!["details"]!.AsObject().Select(p => p.Key).Should().Contain(field);
    }
}
