using System.Net;
using ApiKeys.Api.Tests.Harness;

namespace ApiKeys.Api.Tests.Verification;

/// <summary>Contract §5: every result code of <c>POST /v1/keys/verify</c>, asked by a verifier of one organization.</summary>
public class VerifyTests(ApiFactory factory, FakeClockFactory clocked) : IClassFixture<ApiFactory>, IClassFixture<FakeClockFactory>
{
    private const string Verify = "/v1/keys/verify";
    private const string App = "com.demo.app";

    private async Task<(string Org, HttpClient Owner, HttpClient Verifier)> OrgWithAppAsync(string app = App, ApiFactory? service = null)
    {
        service ??= factory;
        var (org, key) = await service.CreateOrganizationAsync();
        var owner = service.WithToken(key);
        await owner.PostJsonAsync($"/v1/organizations/{org}/apps", new { app_id = app, name = "Demo" });
        var (_, verifierToken) = await owner.CreateKeyAsync(org, new { name = "bundle service", org_role = "admin", scopes = new[] { "apikey.verify" } });
        return (org, owner, service.WithToken(verifierToken));
    }


    private static async Task<string> CodeAsync(HttpClient verifier, object body) =>
        (await verifier.PostJsonAsync(Verify, body)).Body!["code"]!.GetValue<string>();

    [Fact]
    public async Task Valid_KeyWithPermissionOnApp()
    {
        var (org, owner, verifier) = await OrgWithAppAsync();
        var (id, token) = await owner.CreateKeyAsync(org, new { name = "uploader", app_roles = new[] { new { app_id = App, role = "uploader" } } });

        var (response, body) = await verifier.PostJsonAsync(Verify, new { key = token, app_id = App, permissions = new[] { "app.upload_bundle" } });
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        body!["valid"]!.GetValue<bool>().Should().BeTrue();
        body["code"]!.GetValue<string>().Should().Be("VALID");
        body["key_id"]!.GetValue<string>().Should().Be(id);
        body["organization_id"]!.GetValue<string>().Should().Be(org);
        body["permissions"]!.AsArray().Select(p => p!.GetValue<string>()).Should().Contain("app.upload_bundle");
        body.AsObject().Select(p => p.Key).Should().BeEquivalentTo(
            "valid", "code", "key_id", "organization_id", "project_id", "permissions", "expires_at", "meta", "credits_remaining", "rate_limit");
    }

    [Fact]
    public async Task WithoutCredential_Is401()
    {
        var (response, body) = await factory.Anonymous().PostJsonAsync(Verify, new { key = "capy_live_000000000000000000000000000000003UFVO5" });
        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().Should().Be("Bearer");
        body!["code"]!.GetValue<string>().Should().Be("unauthorized");
    }

    [Fact]
    public async Task CallerWithoutVerifyPermission_Is403()
    {
        var (org, owner, _) = await OrgWithAppAsync();
        var (_, member) = await owner.CreateKeyAsync(org, new { name = "member", org_role = "member" });
        var (response, body) = await factory.WithToken(member).PostJsonAsync(Verify, new { key = member });
        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        body!["code"]!.GetValue<string>().Should().Be("forbidden");
    }

    [Fact]
    public async Task AnotherOrganizationsKey_AnswersAsAnUnknownOne_WhateverItsState()
    {
        var (_, _, verifier) = await OrgWithAppAsync();
        var (otherOrg, otherOwner, _) = await OrgWithAppAsync();
        var (otherId, otherToken) = await otherOwner.CreateKeyAsync(otherOrg, new { name = "theirs", org_role = "admin" });

        var (_, body) = await verifier.PostJsonAsync(Verify, new { key = otherToken, app_id = App });
        body!["code"]!.GetValue<string>().Should().Be("NOT_FOUND");
        body["valid"]!.GetValue<bool>().Should().BeFalse();
        body["key_id"].Should().BeNull();
        body["organization_id"].Should().BeNull();

        // Revoked elsewhere: still NOT_FOUND here (REVOKED would tell that the token exists).
        await otherOwner.DeleteJsonAsync($"/v1/organizations/{otherOrg}/api-keys/{otherId}");
        (await CodeAsync(verifier, new { key = otherToken })).Should().Be("NOT_FOUND");
    }

    [Fact]
    public async Task AppOfAnotherOrganization_OrOfNone_GrantsNothing()
    {
        // Organization 2 owns com.two.app; organization 1 does not. An org-wide admin key of organization 1 holds
        // every app permission, but only on organization 1's apps.
        var (org, owner, verifier) = await OrgWithAppAsync();
        var (_, _, _) = await OrgWithAppAsync("com.two.app");
        var (_, admin) = await owner.CreateKeyAsync(org, new { name = "admin", org_role = "admin" });

        (await CodeAsync(verifier, new { key = admin, app_id = App, permissions = new[] { "app.upload_bundle" } })).Should().Be("VALID");
        var (_, body) = await verifier.PostJsonAsync(Verify, new { key = admin, app_id = "com.two.app", permissions = new[] { "app.upload_bundle" } });
        body!["code"]!.GetValue<string>().Should().Be("FORBIDDEN");
        body["permissions"]!.AsArray().Select(p => p!.GetValue<string>()).Should().NotContain(p => p.StartsWith("app.", StringComparison.Ordinal));
        (await CodeAsync(verifier, new { key = admin, app_id = "com.nowhere.app" })).Should().Be("FORBIDDEN");
    }

    [Fact]
    public async Task DeletedApp_GrantsNothing_AndIsNotRevivedByANewAppOfTheSameId()
    {
        var (org, owner, verifier) = await OrgWithAppAsync();
        var (_, uploader) = await owner.CreateKeyAsync(org, new { name = "uploader", app_roles = new[] { new { app_id = App, role = "uploader" } } });
        (await CodeAsync(verifier, new { key = uploader, app_id = App, permissions = new[] { "app.upload_bundle" } })).Should().Be("VALID");

        (await owner.DeleteJsonAsync($"/v1/organizations/{org}/apps/{App}")).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await CodeAsync(verifier, new { key = uploader, app_id = App, permissions = new[] { "app.upload_bundle" } })).Should().Be("FORBIDDEN");

        await owner.PostJsonAsync($"/v1/organizations/{org}/apps", new { app_id = App, name = "Demo again" });
        (await CodeAsync(verifier, new { key = uploader, app_id = App, permissions = new[] { "app.upload_bundle" } })).Should().Be("FORBIDDEN");
    }

    [Fact]
    public async Task Forbidden_WhenPermissionMissingOnApp()
    {
        var (org, owner, verifier) = await OrgWithAppAsync();
        var (_, token) = await owner.CreateKeyAsync(org, new { name = "reader", app_roles = new[] { new { app_id = App, role = "reader" } } });
        var (_, body) = await verifier.PostJsonAsync(Verify, new { key = token, app_id = App, permissions = new[] { "app.upload_bundle" } });
        body!["valid"]!.GetValue<bool>().Should().BeFalse();
        body["code"]!.GetValue<string>().Should().Be("FORBIDDEN");
    }

    [Theory]
    [InlineData("capy_live_000000000000000000000000000000003UFVO5")]
    [InlineData("capy_live_aWFeOgd23eOp1ARVjVEeNJPXGyijpXUw1MDPZ0")]
    [InlineData("garbage")]
    public async Task NotFound_ForMalformedOrUnknownKeys(string key)
    {
        var (_, _, verifier) = await OrgWithAppAsync();
        var (response, body) = await verifier.PostJsonAsync(Verify, new { key });
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        body!["code"]!.GetValue<string>().Should().Be("NOT_FOUND");
        body["valid"]!.GetValue<bool>().Should().BeFalse();
        body["key_id"].Should().BeNull();
    }

    [Fact]
    public async Task Revoked_AfterDelete()
    {
        var (org, owner, verifier) = await OrgWithAppAsync();
        var (id, token) = await owner.CreateKeyAsync(org, new { name = "soon revoked" });
        (await CodeAsync(verifier, new { key = token })).Should().Be("VALID");
        await owner.DeleteJsonAsync($"/v1/organizations/{org}/api-keys/{id}");
        (await CodeAsync(verifier, new { key = token })).Should().Be("REVOKED");
    }

    [Fact]
    public async Task Expired_AfterExpiry()
    {
        var (org, owner, verifier) = await OrgWithAppAsync(service: clocked);
        var (_, token) = await owner.CreateKeyAsync(org, new { name = "brief", expires_at = clocked.Later(TimeSpan.FromSeconds(2)) });
        (await CodeAsync(verifier, new { key = token })).Should().Be("VALID");

        clocked.Clock.Advance(TimeSpan.FromSeconds(3));

        (await CodeAsync(verifier, new { key = token })).Should().Be("EXPIRED");
    }

    [Fact]
    public async Task User_VerifiesForTheOrganizationItNames()
    {
        var (org, owner, _) = await OrgWithAppAsync();
        await owner.PutJsonAsync($"/v1/organizations/{org}/members/verifier-user", new { org_role = "admin", app_roles = Array.Empty<object>() });
        var user = factory.WithToken(ApiFactory.UserJwt("verifier-user"));
        var (_, token) = await owner.CreateKeyAsync(org, new { name = "k" });

        var (noOrg, noOrgBody) = await user.PostJsonAsync(Verify, new { key = token });
        noOrg.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        noOrgBody!["details"]!.AsObject().Select(p => p.Key).Should().Contain("organization_id");
        (await user.PostJsonAsync($"{Verify}?organization_id={org}", new { key = token })).Body!["code"]!.GetValue<string>().Should().Be("VALID");
    }

    [Theory]
    [InlineData("{}", "key")]
    [InlineData("{\"key\": \"x\", \"permissions\": [\"app.fly\"]}", "permissions")]
    [InlineData("{\"key\": \"x\", \"app_id\": \"not an app\"}", "app_id")]
    [InlineData("{\"key\": \"x\", \"client_ip\": \"not an address\"}", "client_ip")]
    public async Task BadInput_Is400(string json, string field)
    {
        var (_, _, verifier) = await OrgWithAppAsync();
        var (response, body) = await verifier.SendJsonAsync(HttpMethod.Post, Verify, json);
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        body!["details"]!.AsObject().Select(p => p.Key).Should().Contain(field);
    }
}
