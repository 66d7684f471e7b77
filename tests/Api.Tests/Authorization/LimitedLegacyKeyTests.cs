using System.Net;
using ApiKeys.Api.Tests.Harness;

namespace ApiKeys.Api.Tests.Authorization;

/// <summary>
/// Contract §2 "Limited legacy keys" (issue 22, item 5): a legacy key with <c>limited_to_apps</c> holds its mode's app
/// permissions on those apps only and, at organization level, only <c>org.read</c>. An <c>all</c> key limited to one
/// app once listed and verified every key, read the whole audit trail, added webhooks and apps, renamed keys and
/// changed the organization's settings.
/// </summary>
public class LimitedLegacyKeyTests(MatrixFactory factory) : IClassFixture<MatrixFactory>
{
    private const string AppA = "com.limited.a";
    private const string AppB = "com.limited.b";

    [Fact]
    public async Task AnAllKeyLimitedToOneApp_ManagesNothingOfTheOrganization_AndKeepsItsAppPermissions()
    {
        var (orgId, ownerToken) = await factory.CreateOrganizationAsync("Limited legacy");
        var org = $"/v1/organizations/{orgId}";
        var owner = factory.WithToken(ownerToken);
        foreach (var app in new[] { AppA, AppB })
        {
            (await owner.PostJsonAsync($"{org}/apps", new { app_id = app, name = app })).Response.StatusCode.Should().Be(HttpStatusCode.Created);
        }

        var (created, limitedBody) = await owner.PostJsonAsync($"{org}/api-keys", new { name = "legacy on A", mode = "all", limited_to_apps = new[] { AppA } });
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        var limited = factory.WithToken(limitedBody!["plaintext_api_key"]!.GetValue<string>());
        var (_, otherBody) = await owner.PostJsonAsync($"{org}/api-keys", new { name = "other", org_role = "member" });
        var otherId = otherBody!["api_key"]!["id"]!.GetValue<string>();
        var otherToken = otherBody["plaintext_api_key"]!.GetValue<string>();
        var before = (await owner.GetJsonAsync($"{org}/api-keys?limit=200")).Body!["api_keys"]!.ToJsonString();

        var refused = new Dictionary<string, Func<Task<HttpResponseMessage>>>
        {
            ["list keys"] = async () => (await limited.GetJsonAsync($"{org}/api-keys")).Response,
            ["read another key"] = async () => (await limited.GetJsonAsync($"{org}/api-keys/{otherId}")).Response,
            ["verify a key"] = async () => (await limited.PostJsonAsync("/v1/keys/verify", new { key = otherToken })).Response,
            ["read the audit trail"] = async () => (await limited.GetJsonAsync($"{org}/audit-events")).Response,
            ["add a webhook"] = async () => (await limited.PostJsonAsync($"{org}/webhooks", new { url = "https://hooks.example.com/x", events = new[] { "api_key.created" } })).Response,
            ["add an app"] = async () => (await limited.PostJsonAsync($"{org}/apps", new { app_id = "com.limited.new", name = "New" })).Response,
            ["rename a key"] = async () => (await limited.PatchJsonAsync($"{org}/api-keys/{otherId}", new { name = "renamed" })).Response,
            ["create a key"] = async () => (await limited.PostJsonAsync($"{org}/api-keys", new { name = "child", mode = "read", limited_to_apps = new[] { AppA } })).Response,
            ["change org settings"] = async () => (await limited.PatchJsonAsync(org, new { name = "Taken over" })).Response,
            ["read members"] = async () => (await limited.GetJsonAsync($"{org}/members")).Response,
            ["set a member"] = async () => (await limited.PutJsonAsync($"{org}/members/someone", new { org_role = "none", app_roles = Array.Empty<object>() })).Response,
            ["Capgo list"] = async () => (await limited.GetJsonAsync("/apikey/")).Response,
        };
        foreach (var (what, call) in refused)
        {
            (await call()).StatusCode.Should().Be(HttpStatusCode.Forbidden, what);
        }

        (await owner.GetJsonAsync($"{org}/api-keys?limit=200")).Body!["api_keys"]!.ToJsonString().Should().Be(before, "nothing changed");
        (await owner.GetJsonAsync(org)).Body!["organization"]!["name"]!.GetValue<string>().Should().Be("Limited legacy");

        // What it keeps: org.read, and its mode's app permissions on its app (and nothing on the other).
        (await limited.GetJsonAsync(org)).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await limited.GetJsonAsync($"{org}/apps/{AppA}")).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await limited.GetJsonAsync($"{org}/apps/{AppB}")).Response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var (_, me) = await limited.GetJsonAsync("/v1/me");
        me!["permissions"]!.AsArray().Select(p => p!.GetValue<string>()).Should().Equal("org.read");

        // A verifier asking about the limited key sees its app permissions on A, and nothing at org level.
        var (_, verifierBody) = await owner.PostJsonAsync($"{org}/api-keys", new { name = "verifier", org_role = "admin", scopes = new[] { "apikey.verify" } });
        var verifier = factory.WithToken(verifierBody!["plaintext_api_key"]!.GetValue<string>());
        var token = limitedBody["plaintext_api_key"]!.GetValue<string>();
        (await verifier.PostJsonAsync("/v1/keys/verify", new { key = token, app_id = AppA, permissions = new[] { "app.delete" } })).Body!["code"]!.GetValue<string>().Should().Be("VALID");
        (await verifier.PostJsonAsync("/v1/keys/verify", new { key = token, permissions = new[] { "apikey.manage" } })).Body!["code"]!.GetValue<string>().Should().Be("FORBIDDEN");
        (await verifier.PostJsonAsync("/v1/keys/verify", new { key = token, app_id = AppB, permissions = new[] { "app.read" } })).Body!["code"]!.GetValue<string>().Should().Be("FORBIDDEN");
    }
}
