using System.Net;
using ApiKeys.Api.Tests.Harness;
using ApiKeys.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ApiKeys.Api.Tests.Authorization;

/// <summary>
/// The attacks of issue 11, over HTTP: each must be refused, and leave everything as it was. The systematic
/// version is <see cref="TargetMatrixTests"/>; these are the concrete holes that were once open.
/// </summary>
public class TargetAttackTests(MatrixFactory factory) : IClassFixture<MatrixFactory>
{
    private const string AppA = "com.attack.a";
    private const string AppB = "com.attack.b";

    private sealed record Org(string Id, HttpClient Owner, string OwnerUserId)
    {
        public string Path => $"/v1/organizations/{Id}";
    }

    private async Task<Org> UserOrgAsync()
    {
        var userId = "attack-owner-" + Guid.NewGuid().ToString("N")[..8];
        var owner = factory.WithToken(ApiFactory.UserJwt(userId));
        var (_, created) = await owner.PostJsonAsync("/v1/organizations", new { name = "Attack" });
        var org = new Org(created!["organization"]!["id"]!.GetValue<string>(), owner, userId);
        foreach (var app in new[] { AppA, AppB })
        {
            (await owner.PostJsonAsync($"{org.Path}/apps", new { app_id = app, name = app })).Response.StatusCode.Should().Be(HttpStatusCode.Created);
        }

        return org;
    }

    private static async Task<(string Id, string Token)> CreateKeyAsync(HttpClient client, Org org, object body)
    {
        var (response, created) = await client.PostJsonAsync($"{org.Path}/api-keys", body);
        response.StatusCode.Should().Be(HttpStatusCode.Created, created?.ToJsonString());
        return (created!["api_key"]!["id"]!.GetValue<string>(), created["plaintext_api_key"]!.GetValue<string>());
    }

    private async Task<HttpClient> VerifierAsync(Org org) =>
        factory.WithToken((await CreateKeyAsync(org.Owner, org, new { name = "verifier", org_role = "admin", scopes = new[] { "apikey.verify" } })).Token);

    private static async Task<string> VerifyCodeAsync(HttpClient verifier, string key, string appId, string permission) =>
        (await verifier.PostJsonAsync("/v1/keys/verify", new { key, app_id = appId, permissions = new[] { permission } })).Body!["code"]!.GetValue<string>();

    [Fact]
    public async Task WeakerReaders_NeverSeeAStrongerPlainKeysSecret_InV1OrLegacyAnswers()
    {
        var org = await UserOrgAsync();
        var (adminId, adminToken) = await CreateKeyAsync(org.Owner, org, new { name = "plain admin", secure = false, org_role = "admin" });
        var (legacyId, _) = await CreateKeyAsync(org.Owner, org, new { name = "legacy all", mode = "all" });
        var readers = new Dictionary<string, object>
        {
            ["org_member key"] = new { name = "m", org_role = "member" },
            ["legacy read key"] = new { name = "r", mode = "read" },
            ["key scoped to apikey.read"] = new { name = "s", org_role = "admin", scopes = new[] { "apikey.read" } },
            ["key scoped to apikey.read and apikey.manage"] = new { name = "sm", org_role = "admin", scopes = new[] { "apikey.read", "apikey.manage" } },
        };

        // What each reader gets from the legacy list (contract §6: it needs apikey.manage): the secret check below runs
        // for every reader answered 200.
        var legacyStatus = new Dictionary<string, HttpStatusCode>
        {
            ["org_member key"] = HttpStatusCode.Forbidden,
            ["legacy read key"] = HttpStatusCode.Forbidden,
            ["key scoped to apikey.read"] = HttpStatusCode.Forbidden,
            ["key scoped to apikey.read and apikey.manage"] = HttpStatusCode.OK,
        };
        var legacyReached = 0;
        foreach (var (who, spec) in readers)
        {
            var reader = factory.WithToken((await CreateKeyAsync(org.Owner, org, spec)).Token);
            var (got, one) = await reader.GetJsonAsync($"{org.Path}/api-keys/{adminId}");
            got.StatusCode.Should().Be(HttpStatusCode.OK, who);
            one!["api_key"]!["key"].Should().BeNull(who);

            var (_, list) = await reader.GetJsonAsync($"{org.Path}/api-keys?limit=200");
            var listed = list!["api_keys"]!.AsArray().Single(k => k!["id"]!.GetValue<string>() == adminId);
            listed!["key"].Should().BeNull(who);
            list.ToJsonString().Should().NotContain(adminToken, who);

            var (legacyList, legacyBody) = await reader.GetJsonAsync("/apikey/");
            legacyList.StatusCode.Should().Be(legacyStatus[who], who);
            if (legacyList.StatusCode == HttpStatusCode.OK)
            {
                legacyBody!["data"]!.AsArray().Single(k => k!["id"]!.GetValue<string>() == legacyId)!["key"].Should().BeNull(who);
                legacyBody.ToJsonString().Should().NotContain(adminToken, who);
                legacyReached++;
            }
        }

        legacyReached.Should().BeGreaterThan(0, "at least one weaker reader must reach the legacy list, or its secret check never ran");

        // The owner covers everything and sees the plain key.
        (await org.Owner.GetJsonAsync($"{org.Path}/api-keys/{adminId}")).Body!["api_key"]!["key"]!.GetValue<string>().Should().Be(adminToken);
    }

    [Fact]
    public async Task DeletingAnApp_RemovesEveryBinding_RevokesItsProjectAndLimitedKeys_AndARecreatedAppGrantsNothing()
    {
        var org = await UserOrgAsync();
        var verifier = await VerifierAsync(org);
        var (roleId, roleKey) = await CreateKeyAsync(org.Owner, org, new { name = "app role", app_roles = new[] { new { app_id = AppA, role = "uploader" }, new { app_id = AppB, role = "reader" } } });
        var (projectId, projectKey) = await CreateKeyAsync(org.Owner, org, new { name = "project", project_id = AppA, app_roles = new[] { new { app_id = AppA, role = "uploader" } } });
        var (limitedId, limitedKey) = await CreateKeyAsync(org.Owner, org, new { name = "limited", mode = "upload", limited_to_apps = new[] { AppA } });
        var (twoId, twoKey) = await CreateKeyAsync(org.Owner, org, new { name = "limited to two", mode = "upload", limited_to_apps = new[] { AppA, AppB } });
        (await org.Owner.PutJsonAsync($"{org.Path}/members/uploader-user", new { org_role = "none", app_roles = new[] { new { app_id = AppA, role = "uploader" } } })).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        foreach (var key in new[] { roleKey, projectKey, limitedKey, twoKey })
        {
            (await VerifyCodeAsync(verifier, key, AppA, "app.upload_bundle")).Should().Be("VALID");
        }

        (await org.Owner.DeleteJsonAsync($"{org.Path}/apps/{AppA}")).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await VerifyCodeAsync(verifier, roleKey, AppA, "app.upload_bundle")).Should().Be("FORBIDDEN");
        (await VerifyCodeAsync(verifier, roleKey, AppB, "app.read")).Should().Be("VALID", "bindings on other apps stay");
        (await VerifyCodeAsync(verifier, projectKey, AppA, "app.upload_bundle")).Should().Be("REVOKED");
        (await VerifyCodeAsync(verifier, limitedKey, AppA, "app.upload_bundle")).Should().Be("REVOKED", "a limit never widens into every app");
        (await VerifyCodeAsync(verifier, twoKey, AppA, "app.upload_bundle")).Should().Be("FORBIDDEN");
        (await VerifyCodeAsync(verifier, twoKey, AppB, "app.upload_bundle")).Should().Be("VALID");

        (await org.Owner.PostJsonAsync($"{org.Path}/apps", new { app_id = AppA, name = "again" })).Response.StatusCode.Should().Be(HttpStatusCode.Created);
        foreach (var key in new[] { roleKey, twoKey })
        {
            (await VerifyCodeAsync(verifier, key, AppA, "app.upload_bundle")).Should().Be("FORBIDDEN", "a new app with the same id starts with no grants");
        }

        (await factory.WithToken(ApiFactory.UserJwt("uploader-user")).GetJsonAsync($"/v1/me?organization_id={org.Id}")).Body!["app_roles"]!.AsArray().Should().BeEmpty();
        var (_, keys) = await org.Owner.GetJsonAsync($"{org.Path}/api-keys?limit=200&include_revoked=true");
        var byId = keys!["api_keys"]!.AsArray().ToDictionary(k => k!["id"]!.GetValue<string>(), k => k!);
        byId[roleId]["app_roles"]!.AsArray().Select(b => b!["app_id"]!.GetValue<string>()).Should().Equal(AppB);
        byId[projectId]["revoked_at"].Should().NotBeNull();
        byId[limitedId]["revoked_at"].Should().NotBeNull();
        byId[twoId]["limited_to_apps"]!.AsArray().Select(a => a!.GetValue<string>()).Should().Equal(AppB);
    }

    [Fact]
    public async Task AKeyScopedToManage_CannotRevokeOrKeepAliveTheOwnerKey_AndTheLastOwnerKeyStays()
    {
        var (orgId, ownerToken) = await factory.CreateOrganizationAsync("No members");
        var org = new Org(orgId, factory.WithToken(ownerToken), string.Empty);
        var (ownerId, _) = ((await org.Owner.GetJsonAsync("/v1/me")).Body!["id"]!.GetValue<string>(), ownerToken);
        var manager = factory.WithToken((await CreateKeyAsync(org.Owner, org, new { name = "manage only", org_role = "admin", scopes = new[] { "apikey.manage" } })).Token);
        (await org.Owner.PostJsonAsync($"{org.Path}/apps", new { app_id = AppA, name = "A" })).Response.StatusCode.Should().Be(HttpStatusCode.Created);
        var legacyAll = factory.WithToken((await CreateKeyAsync(org.Owner, org, new { name = "legacy all", mode = "all" })).Token);
        var before = (await org.Owner.GetJsonAsync($"{org.Path}/api-keys/{ownerId}")).Body!.ToJsonString();

        // (A legacy key limited to one app holds no apikey.manage at all: LimitedLegacyKeyTests.)
        foreach (var attacker in new[] { manager, legacyAll })
        {
            var (revoke, body) = await attacker.DeleteJsonAsync($"{org.Path}/api-keys/{ownerId}");
            revoke.StatusCode.Should().Be(HttpStatusCode.Forbidden);
            body!["code"]!.GetValue<string>().Should().Be("role_escalation");
            (await attacker.PatchJsonAsync($"{org.Path}/api-keys/{ownerId}", new { expires_at = "9999-12-31T00:00:00Z" })).Response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
            (await attacker.PatchJsonAsync($"{org.Path}/api-keys/{ownerId}", new { expires_at = (string?)null })).Response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        }

        (await org.Owner.GetJsonAsync($"{org.Path}/api-keys/{ownerId}")).Body!.ToJsonString().Should().Be(before, "nothing changed");

        // The owner key is the organization's only owner: not even it may revoke or demote itself.
        var (self, selfBody) = await org.Owner.DeleteJsonAsync($"{org.Path}/api-keys/{ownerId}");
        self.StatusCode.Should().Be(HttpStatusCode.Conflict);
        selfBody!["code"]!.GetValue<string>().Should().Be("last_owner");
        (await org.Owner.PutJsonAsync($"{org.Path}/api-keys/{ownerId}/roles", new { org_role = "admin", app_roles = Array.Empty<object>() })).Body!["code"]!.GetValue<string>().Should().Be("last_owner");
        (await org.Owner.GetJsonAsync("/v1/me")).Response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task TheLastOwnerMember_CannotBeRemovedOrDemoted_ButCanLeaveWhenAnOwnerKeyRemains()
    {
        var org = await UserOrgAsync();
        (await org.Owner.DeleteJsonAsync($"{org.Path}/members/{org.OwnerUserId}")).Body!["code"]!.GetValue<string>().Should().Be("last_owner");
        (await org.Owner.PutJsonAsync($"{org.Path}/members/{org.OwnerUserId}", new { org_role = "admin", app_roles = Array.Empty<object>() })).Body!["code"]!.GetValue<string>().Should().Be("last_owner");

        // Lowering a member revokes the keys it made that its new role does not cover (contract §2): the owner key it
        // made would go with the demotion, unless the policy keeps such keys.
        var (ownerKeyId, ownerKey) = await CreateKeyAsync(org.Owner, org, new { name = "owner key", org_role = "owner" });
        var keyOwner = factory.WithToken(ownerKey);
        (await org.Owner.PutJsonAsync($"{org.Path}/members/{org.OwnerUserId}", new { org_role = "admin", app_roles = Array.Empty<object>() })).Body!["code"]!.GetValue<string>()
            .Should().Be("last_owner", "the owner key it made would be revoked with the demotion");
        (await org.Owner.PatchJsonAsync(org.Path, new { key_policy = new { keep_keys_of_removed_members = true } })).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await org.Owner.PutJsonAsync($"{org.Path}/members/{org.OwnerUserId}", new { org_role = "admin", app_roles = Array.Empty<object>() })).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await keyOwner.DeleteJsonAsync($"{org.Path}/api-keys/{ownerKeyId}")).Body!["code"]!.GetValue<string>().Should().Be("last_owner", "the key is now the only owner");

        // The demoted member leaves; the owner key it made stays (the policy keeps it) and still answers as owner.
        (await org.Owner.DeleteJsonAsync($"{org.Path}/members/{org.OwnerUserId}")).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await keyOwner.GetJsonAsync($"{org.Path}/members?limit=200")).Body!["members"]!.AsArray()
            .Select(m => m!["user_id"]!.GetValue<string>()).Should().NotContain(org.OwnerUserId);
        (await keyOwner.GetJsonAsync("/v1/me")).Body!["org_role"]!.GetValue<string>().Should().Be("org_owner");
        (await org.Owner.GetJsonAsync($"{org.Path}/api-keys?limit=1")).Response.StatusCode.Should().Be(HttpStatusCode.NotFound, "the member is gone: the organization is not theirs to see");
    }

    [Fact]
    public async Task RemovingAMember_RevokesTheKeysTheyCreated_AndTheKeysThoseKeysCreated()
    {
        var org = await UserOrgAsync();
        (await org.Owner.PutJsonAsync($"{org.Path}/members/leaving-admin", new { org_role = "admin", app_roles = Array.Empty<object>() })).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        var leaving = factory.WithToken(ApiFactory.UserJwt("leaving-admin"));
        var (firstId, first) = await CreateKeyAsync(leaving, org, new { name = "made by the member", org_role = "admin" });
        var (secondId, second) = await CreateKeyAsync(factory.WithToken(first), org, new { name = "made by that key", org_role = "admin" });
        var (_, other) = await CreateKeyAsync(org.Owner, org, new { name = "made by the owner", org_role = "admin" });

        (await org.Owner.DeleteJsonAsync($"{org.Path}/members/leaving-admin")).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await factory.WithToken(first).GetJsonAsync("/v1/me")).Response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await factory.WithToken(second).GetJsonAsync("/v1/me")).Response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await factory.WithToken(other).GetJsonAsync("/v1/me")).Response.StatusCode.Should().Be(HttpStatusCode.OK);

        // The attack of issue 11: the removed admin's key re-adding its creator. It no longer authenticates.
        (await factory.WithToken(first).PutJsonAsync($"{org.Path}/members/leaving-admin", new { org_role = "admin", app_roles = Array.Empty<object>() }))
            .Response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await org.Owner.GetJsonAsync($"{org.Path}/members?limit=200")).Body!["members"]!.AsArray()
            .Select(m => m!["user_id"]!.GetValue<string>()).Should().NotContain("leaving-admin");
        var (_, audit) = await org.Owner.GetJsonAsync($"{org.Path}/audit-events?action=api_key.revoked&limit=200");
        audit!["audit_events"]!.AsArray().Select(e => e!["api_key_id"]!.GetValue<string>()).Should().BeEquivalentTo([firstId, secondId]);
    }

    [Fact]
    public async Task RemovingAMember_KeepsTheirKeys_WhenThePolicySaysSo()
    {
        var org = await UserOrgAsync();
        (await org.Owner.PatchJsonAsync(org.Path, new { key_policy = new { keep_keys_of_removed_members = true } })).Body!["organization"]!["key_policy"]!["keep_keys_of_removed_members"]!.GetValue<bool>().Should().BeTrue();
        (await org.Owner.PutJsonAsync($"{org.Path}/members/leaving", new { org_role = "admin", app_roles = Array.Empty<object>() })).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        var (_, token) = await CreateKeyAsync(factory.WithToken(ApiFactory.UserJwt("leaving")), org, new { name = "ci", org_role = "member" });
        (await org.Owner.DeleteJsonAsync($"{org.Path}/members/leaving")).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await factory.WithToken(token).GetJsonAsync("/v1/me")).Response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ALegacyKeyLimitedToOneApp_CannotDemoteOrRemoveMembers()
    {
        var org = await UserOrgAsync();
        var limited = factory.WithToken((await CreateKeyAsync(org.Owner, org, new { name = "legacy on A", mode = "all", limited_to_apps = new[] { AppA } })).Token);
        (await org.Owner.PutJsonAsync($"{org.Path}/members/an-admin", new { org_role = "admin", app_roles = Array.Empty<object>() })).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await org.Owner.PutJsonAsync($"{org.Path}/members/b-admin", new { org_role = "none", app_roles = new[] { new { app_id = AppB, role = "admin" } } })).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        var before = (await org.Owner.GetJsonAsync($"{org.Path}/members?limit=200")).Body!.ToJsonString();

        // Contract §2 "Limited legacy keys": at org level it holds org.read only, so org.update_user_roles is missing.
        (await limited.PutJsonAsync($"{org.Path}/members/an-admin", new { org_role = "member", app_roles = Array.Empty<object>() })).Response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await limited.DeleteJsonAsync($"{org.Path}/members/an-admin")).Response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await limited.PutJsonAsync($"{org.Path}/members/b-admin", new { org_role = "none", app_roles = Array.Empty<object>() })).Response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await org.Owner.GetJsonAsync($"{org.Path}/members?limit=200")).Body!.ToJsonString().Should().Be(before);
    }

    [Fact]
    public async Task AKey_MayAlwaysRevokeItself_EvenWithoutManage()
    {
        var org = await UserOrgAsync();
        var (id, token) = await CreateKeyAsync(org.Owner, org, new { name = "ci job", app_roles = new[] { new { app_id = AppA, role = "uploader" } } });
        var (otherId, _) = await CreateKeyAsync(org.Owner, org, new { name = "other" });
        var self = factory.WithToken(token);
        (await self.DeleteJsonAsync($"{org.Path}/api-keys/{otherId}")).Response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await self.DeleteJsonAsync($"{org.Path}/api-keys/{id}")).Body!["revoked"]!.GetValue<bool>().Should().BeTrue();
        (await self.GetJsonAsync("/v1/me")).Response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task LegacyRoutes_TouchLegacyKeysOnly()
    {
        var org = await UserOrgAsync();
        var (rbacId, rbacToken) = await CreateKeyAsync(org.Owner, org, new { name = "rbac", org_role = "member" });
        var (response, body) = await org.Owner.DeleteJsonAsync($"/apikey/{rbacId}/?org_id={org.Id}");
        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        body!["error"]!.GetValue<string>().Should().Be("API key not found");
        body["status"]!.GetValue<string>().Should().Be("KO");
        (await factory.WithToken(rbacToken).GetJsonAsync("/v1/me")).Response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("long")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("nul\0byte")]
    [InlineData("new\nline")]
    public async Task AJwtWithAnUnstorableSubject_Is401_AndStoresNothing(string subject)
    {
        var sub = subject == "long" ? new string('a', 5000) : subject;
        var name = "Bad sub " + Guid.NewGuid().ToString("N")[..8];
        var before = await RowsAsync();
        var user = factory.WithToken(ApiFactory.UserJwt(sub));
        var (response, _) = await user.PostJsonAsync("/v1/organizations", new { name });
        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().Should().Be("Bearer");
        (await user.GetJsonAsync("/v1/me")).Response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await RowsAsync()).Should().Be(before, "a refused request stores no organization and no member");

        // The same request with a storable subject does store both: the counts can see what they look for.
        var good = "good-sub-" + Guid.NewGuid().ToString("N")[..8];
        (await factory.WithToken(ApiFactory.UserJwt(good)).PostJsonAsync("/v1/organizations", new { name })).Response.StatusCode.Should().Be(HttpStatusCode.Created);
        (await RowsAsync()).Should().Be((before.Organizations + 1, before.Members + 1));
    }

    /// <summary>Rows in the whole database (a NUL byte cannot even be compared on PostgreSQL, so no filter by subject).</summary>
    private async Task<(int Organizations, int Members)> RowsAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var ct = TestContext.Current.CancellationToken;
        return (await db.Organizations.CountAsync(ct), await db.Members.CountAsync(ct));
    }
}
