using System.Net;
using System.Text.Json.Nodes;
using ApiKeys.Api.Tests.Harness;

namespace ApiKeys.Api.Tests.RoleCatalog;

/// <summary>
/// <c>GET /v1/roles</c>: the catalogue of contract §2, and what the caller may grant, which must be exactly what the
/// service then lets it grant (a role listed as grantable is accepted, any other is refused with 403).
/// </summary>
public sealed class RoleCatalogTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const string AppA = "com.demo.a";
    private const string AppB = "com.demo.b";

    private static readonly string[] OrgRoles = ["org_member", "org_admin", "org_owner"];
    private static readonly string[] AppRoles = ["app_reader", "app_uploader", "app_developer", "app_admin"];
    private static readonly string[] Modes = ["read", "upload", "write", "all"];

    private async Task<(string Org, HttpClient Owner)> OrgWithAppsAsync()
    {
        var (org, ownerKey) = await factory.CreateOrganizationAsync();
        var owner = factory.WithToken(ownerKey);
        foreach (var app in new[] { AppA, AppB })
        {
            (await owner.PostJsonAsync($"/v1/organizations/{org}/apps", new { app_id = app, name = app })).Response.StatusCode.Should().Be(HttpStatusCode.Created);
        }

        return (org, owner);
    }

    private async Task<HttpClient> KeyAsync(HttpClient owner, string org, object body)
    {
        var (response, created) = await owner.PostJsonAsync($"/v1/organizations/{org}/api-keys", body);
        response.StatusCode.Should().Be(HttpStatusCode.Created, created?.ToJsonString());
        return factory.WithToken(created!["plaintext_api_key"]!.GetValue<string>());
    }

    private static async Task<JsonNode> CatalogAsync(HttpClient client, string query = "")
    {
        var (response, body) = await client.GetJsonAsync("/v1/roles" + query);
        response.StatusCode.Should().Be(HttpStatusCode.OK, body?.ToJsonString());
        return body!;
    }

    private static string[] Strings(JsonNode? array) => [.. array!.AsArray().Select(n => n!.GetValue<string>())];

    private static Dictionary<string, string[]> GrantableAppRoles(JsonNode catalog) =>
        catalog["grantable"]!["app_roles"]!.AsArray().ToDictionary(g => g!["app_id"]!.GetValue<string>(), g => Strings(g!["roles"]));

    [Fact]
    public async Task TheCatalogue_IsContractSection2()
    {
        var (org, owner) = await OrgWithAppsAsync();
        var catalog = await CatalogAsync(owner);

        catalog["organization_id"]!.GetValue<string>().Should().Be(org);
        catalog["org_roles"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()).Should().Equal(OrgRoles);
        catalog["app_roles"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()).Should().Equal(AppRoles);
        var member = catalog["org_roles"]![0]!;
        member["short_name"]!.GetValue<string>().Should().Be("member");
        member["scope"]!.GetValue<string>().Should().Be("org");
        Strings(member["org_permissions"]).Should().Equal("apikey.read", "org.read", "org.read_members");
        Strings(member["app_permissions"]).Should().Equal("app.read", "app.read_audit", "app.read_bundles", "app.read_channels", "app.read_devices", "app.read_logs");
        var admin = catalog["org_roles"]![1]!;
        Strings(admin["org_permissions"]).Should().NotContain("org.delete").And.Contain("apikey.verify").And.HaveCount(8);
        var appAdmin = catalog["app_roles"]![3]!;
        appAdmin["scope"]!.GetValue<string>().Should().Be("app");
        Strings(appAdmin["org_permissions"]).Should().BeEmpty();
        Strings(appAdmin["app_permissions"]).Should().NotContain("app.delete").And.HaveCount(10);
        Strings(catalog["scopes"]!["org"]).Should().HaveCount(9).And.Contain("apikey.verify");
        Strings(catalog["scopes"]!["app"]).Should().HaveCount(11).And.Contain("app.delete");
        catalog["legacy_modes"]!.AsArray().Select(m => (m!["mode"]!.GetValue<string>(), m["base_role"]!.GetValue<string>()))
            .Should().Equal(("read", "org_member"), ("upload", "org_member"), ("write", "org_member"), ("all", "org_admin"));
        Strings(catalog["legacy_modes"]![1]!["extra_app_permissions"]).Should().Equal("app.upload_bundle");

        // The owner may grant everything, on every app.
        Strings(catalog["grantable"]!["org_roles"]).Should().Equal(["none", .. OrgRoles]);
        GrantableAppRoles(catalog).Should().BeEquivalentTo(new Dictionary<string, string[]> { [AppA] = AppRoles, [AppB] = AppRoles });
        Strings(catalog["grantable"]!["legacy_modes"]).Should().Equal(Modes);
    }

    [Fact]
    public async Task AMemberKey_MayGrantWhatItHolds()
    {
        var (org, owner) = await OrgWithAppsAsync();
        var member = await KeyAsync(owner, org, new { name = "member", org_role = "member" });
        var catalog = await CatalogAsync(member);

        Strings(catalog["grantable"]!["org_roles"]).Should().Equal("none", "org_member");
        GrantableAppRoles(catalog).Should().BeEquivalentTo(new Dictionary<string, string[]> { [AppA] = ["app_reader"], [AppB] = ["app_reader"] });
        Strings(catalog["grantable"]!["legacy_modes"]).Should().Equal("read");
    }

    [Fact]
    public async Task AScopedKeyThatMayCreateKeys_IsListedExactlyWhatTheServiceThenLetsItGrant()
    {
        var (org, owner) = await OrgWithAppsAsync();
        // An admin narrowed by scopes to a member's permissions, uploading, and managing keys.
        string[] scopes = ["org.read", "org.read_members", "apikey.read", "apikey.manage", "app.read", "app.read_bundles", "app.read_channels",
            "app.read_devices", "app.read_logs", "app.read_audit", "app.upload_bundle"];
        var scoped = await KeyAsync(owner, org, new { name = "scoped", org_role = "admin", scopes });
        var catalog = await CatalogAsync(scoped);

        Strings(catalog["grantable"]!["org_roles"]).Should().Equal("none", "org_member");
        GrantableAppRoles(catalog).Should().BeEquivalentTo(new Dictionary<string, string[]> { [AppA] = ["app_reader", "app_uploader"], [AppB] = ["app_reader", "app_uploader"] });
        Strings(catalog["grantable"]!["legacy_modes"]).Should().Equal("read", "upload");
        await ServiceAgreesAsync(scoped, org, catalog);
    }

    [Fact]
    public async Task AnAppAdminKey_MayGrantAppRolesOnItsAppOnly()
    {
        var (org, owner) = await OrgWithAppsAsync();
        var appAdmin = await KeyAsync(owner, org, new { name = "app admin", org_role = "none", app_roles = new[] { new { app_id = AppA, role = "app_admin" } } });
        var catalog = await CatalogAsync(appAdmin);

        Strings(catalog["grantable"]!["org_roles"]).Should().Equal("none");
        GrantableAppRoles(catalog).Should().BeEquivalentTo(new Dictionary<string, string[]> { [AppA] = AppRoles });
        Strings(catalog["grantable"]!["legacy_modes"]).Should().BeEmpty();
    }

    [Fact]
    public async Task AUser_AnswersForTheOrganizationItNames_AndAForeignOneIs404()
    {
        var (org, _) = await OrgWithAppsAsync();
        var stranger = factory.WithToken(ApiFactory.UserJwt("roles-stranger-" + Guid.NewGuid().ToString("N")[..8]));
        var alone = await CatalogAsync(stranger);
        alone["organization_id"].Should().BeNull("a user in no organization has no context");
        Strings(alone["grantable"]!["org_roles"]).Should().Equal("none");
        GrantableAppRoles(alone).Should().BeEmpty();
        alone["org_roles"]!.AsArray().Should().HaveCount(3, "the catalogue itself is the same for everyone");

        (await stranger.GetJsonAsync($"/v1/roles?organization_id={org}")).Response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        var (_, otherOwner) = await factory.CreateOrganizationAsync("Other");
        (await factory.WithToken(otherOwner).GetJsonAsync($"/v1/roles?organization_id={org}")).Response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await factory.Anonymous().GetJsonAsync("/v1/roles")).Response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        var userId = "roles-owner-" + Guid.NewGuid().ToString("N")[..8];
        var user = factory.WithToken(ApiFactory.UserJwt(userId));
        var (created, body) = await user.PostJsonAsync("/v1/organizations", new { name = "Mine" });
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        var mine = body!["organization"]!["id"]!.GetValue<string>();
        (await CatalogAsync(user))["organization_id"]!.GetValue<string>().Should().Be(mine, "a user with one organization answers for it");
        Strings((await CatalogAsync(user, $"?organization_id={mine}"))["grantable"]!["org_roles"]).Should().Equal(["none", .. OrgRoles]);
    }

    /// <summary>Every org role and every app role on each app: accepted on create when listed as grantable, 403 when not.</summary>
    private static async Task ServiceAgreesAsync(HttpClient caller, string org, JsonNode catalog)
    {
        var keys = $"/v1/organizations/{org}/api-keys";
        var grantableOrg = Strings(catalog["grantable"]!["org_roles"]);
        foreach (var role in OrgRoles)
        {
            var (response, body) = await caller.PostJsonAsync(keys, new { name = "probe", org_role = role });
            response.StatusCode.Should().Be(grantableOrg.Contains(role) ? HttpStatusCode.Created : HttpStatusCode.Forbidden, $"{role}: {body?.ToJsonString()}");
        }

        var grantableApp = GrantableAppRoles(catalog);
        foreach (var app in new[] { AppA, AppB })
        {
            foreach (var role in AppRoles)
            {
                var (response, body) = await caller.PostJsonAsync(keys, new { name = "probe", org_role = "none", app_roles = new[] { new { app_id = app, role } } });
                var allowed = grantableApp.TryGetValue(app, out var roles) && roles.Contains(role);
                response.StatusCode.Should().Be(allowed ? HttpStatusCode.Created : HttpStatusCode.Forbidden, $"{role} on {app}: {body?.ToJsonString()}");
            }
        }

        var grantableModes = Strings(catalog["grantable"]!["legacy_modes"]);
        foreach (var mode in Modes)
        {
            var (response, body) = await caller.PostJsonAsync(keys, new { name = "probe", mode });
            response.StatusCode.Should().Be(grantableModes.Contains(mode) ? HttpStatusCode.Created : HttpStatusCode.Forbidden, $"{mode}: {body?.ToJsonString()}");
        }
    }
}
