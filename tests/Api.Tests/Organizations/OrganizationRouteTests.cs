using System.Net;
using ApiKeys.Api.Tests.Harness;

namespace ApiKeys.Api.Tests.Organizations;

/// <summary>Contract §3 over HTTP: organizations, apps, members, audit events and /v1/me, with users (JWT) and keys.</summary>
public class OrganizationRouteTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private async Task<(string Org, HttpClient Owner, string UserId)> UserOrgAsync()
    {
        var userId = "user-" + Guid.NewGuid().ToString("N")[..8];
        var owner = factory.WithToken(ApiFactory.UserJwt(userId));
        var (response, body) = await owner.PostJsonAsync("/v1/organizations", new { name = "Équipe 東京" });
        response.StatusCode.Should().Be(HttpStatusCode.Created);
        body!["organization"]!["name"]!.GetValue<string>().Should().Be("Équipe 東京");
        return (body["organization"]!["id"]!.GetValue<string>(), owner, userId);
    }

    [Fact]
    public async Task CreateOrganization_UserBecomesOwner_AndMeSaysSo()
    {
        var (org, owner, userId) = await UserOrgAsync();
        var (_, me) = await owner.GetJsonAsync("/v1/me");
        me!["principal_type"]!.GetValue<string>().Should().Be("user");
        me["id"]!.GetValue<string>().Should().Be(userId);
        me["organization_id"]!.GetValue<string>().Should().Be(org);
        me["org_role"]!.GetValue<string>().Should().Be("org_owner");
        me["permissions"]!.AsArray().Select(p => p!.GetValue<string>()).Should().Contain("org.delete");

        var (_, got) = await owner.GetJsonAsync($"/v1/organizations/{org}");
        got!["organization"]!.AsObject().Select(p => p.Key).Should().BeEquivalentTo("id", "name", "key_policy", "created_at", "updated_at");
        got["organization"]!["key_policy"]!.AsObject().Select(p => p.Key).Should().BeEquivalentTo("require_expiration", "max_lifetime_days", "require_secure_keys", "keep_keys_of_removed_members", "revoke_leaked_keys");
    }

    [Fact]
    public async Task CreateOrganization_WithAKey_Is403AndWithoutCredentials401()
    {
        var (_, key) = await factory.CreateOrganizationAsync();
        (await factory.WithToken(key).PostJsonAsync("/v1/organizations", new { name = "x" })).Response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await factory.Anonymous().PostJsonAsync("/v1/organizations", new { name = "x" })).Response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await factory.WithToken(ApiFactory.UserJwt("u", signingKey: "another-signing-key-that-is-32-bytes-long!!")).GetJsonAsync("/v1/me"))
            .Response.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "a JWT signed by anyone else is refused");
        (await factory.WithToken(ApiFactory.UserJwt("u", expires: DateTime.UtcNow.AddMinutes(-5))).GetJsonAsync("/v1/me"))
            .Response.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "an expired JWT is refused");
    }

    [Fact]
    public async Task PatchOrganization_KeyPolicyIsEnforcedOnNewKeys()
    {
        var (org, owner, _) = await UserOrgAsync();
        var (patched, body) = await owner.PatchJsonAsync($"/v1/organizations/{org}", new { key_policy = new { require_expiration = true, max_lifetime_days = 30, require_secure_keys = true } });
        patched.StatusCode.Should().Be(HttpStatusCode.OK);
        body!["organization"]!["key_policy"]!["max_lifetime_days"]!.GetValue<int>().Should().Be(30);

        var keys = $"/v1/organizations/{org}/api-keys";
        var (noExpiry, error) = await owner.PostJsonAsync(keys, new { name = "k" });
        noExpiry.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        error!["code"]!.GetValue<string>().Should().StartWith("policy_");
        (await owner.PostJsonAsync(keys, new { name = "k", expires_at = DateTime.UtcNow.AddDays(31).ToString("O") })).Response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await owner.PostJsonAsync(keys, new { name = "k", secure = false, expires_at = DateTime.UtcNow.AddDays(5).ToString("O") })).Response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await owner.PostJsonAsync(keys, new { name = "k", expires_at = DateTime.UtcNow.AddDays(5).ToString("O") })).Response.StatusCode.Should().Be(HttpStatusCode.Created);
        (await owner.PatchJsonAsync($"/v1/organizations/{org}", new { key_policy = new { max_lifetime_days = 0 } })).Response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Apps_CreateListGetDelete_AndDuplicateIs409()
    {
        var (org, owner, _) = await UserOrgAsync();
        var apps = $"/v1/organizations/{org}/apps";
        var (created, app) = await owner.PostJsonAsync(apps, new { app_id = "com.demo.app", name = "Demo" });
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        app!["app"]!.AsObject().Select(p => p.Key).Should().BeEquivalentTo("app_id", "organization_id", "name", "created_at");
        (await owner.PostJsonAsync(apps, new { app_id = "com.demo.app", name = "Again" })).Response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await owner.PostJsonAsync(apps, new { app_id = "not-reverse-dns", name = "Bad" })).Response.StatusCode.Should().Be(HttpStatusCode.BadRequest);

        var (_, list) = await owner.GetJsonAsync(apps);
        list!["apps"]!.AsArray().Should().ContainSingle();
        list["next_cursor"].Should().BeNull();
        (await owner.GetJsonAsync($"{apps}/com.demo.app")).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await owner.GetJsonAsync($"{apps}/com.other.app")).Response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        var (deleted, gone) = await owner.DeleteJsonAsync($"{apps}/com.demo.app");
        deleted.StatusCode.Should().Be(HttpStatusCode.OK);
        gone!["deleted"]!.GetValue<bool>().Should().BeTrue();
        (await owner.GetJsonAsync($"{apps}/com.demo.app")).Response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Apps_ListShowsOnlyAppsTheCallerMayRead()
    {
        var (org, owner, _) = await UserOrgAsync();
        var apps = $"/v1/organizations/{org}/apps";
        await owner.PostJsonAsync(apps, new { app_id = "com.demo.a", name = "A" });
        await owner.PostJsonAsync(apps, new { app_id = "com.demo.b", name = "B" });
        var (_, key) = await owner.PostJsonAsync($"/v1/organizations/{org}/api-keys", new { name = "b reader", app_roles = new[] { new { app_id = "com.demo.b", role = "reader" } } });
        var reader = factory.WithToken(key!["plaintext_api_key"]!.GetValue<string>());

        var (_, list) = await reader.GetJsonAsync(apps);
        list!["apps"]!.AsArray().Select(a => a!["app_id"]!.GetValue<string>()).Should().Equal("com.demo.b");
        (await reader.GetJsonAsync($"{apps}/com.demo.a")).Response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await reader.DeleteJsonAsync($"{apps}/com.demo.b")).Response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Members_SetListRemove_LastOwnerProtected()
    {
        var (org, owner, ownerId) = await UserOrgAsync();
        var members = $"/v1/organizations/{org}/members";
        await owner.PostJsonAsync($"/v1/organizations/{org}/apps", new { app_id = "com.demo.app", name = "Demo" });

        var (set, member) = await owner.PutJsonAsync($"{members}/alice", new { org_role = "member", app_roles = new[] { new { app_id = "com.demo.app", role = "developer" } } });
        set.StatusCode.Should().Be(HttpStatusCode.OK);
        member!["member"]!["org_role"]!.GetValue<string>().Should().Be("org_member");
        member["member"]!["app_roles"]![0]!["role"]!.GetValue<string>().Should().Be("app_developer");

        var (_, list) = await owner.GetJsonAsync(members);
        list!["members"]!.AsArray().Select(m => m!["user_id"]!.GetValue<string>()).Should().BeEquivalentTo(ownerId, "alice");

        var alice = factory.WithToken(ApiFactory.UserJwt("alice"));
        (await alice.GetJsonAsync(members)).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await alice.PutJsonAsync($"{members}/bob", new { org_role = "member", app_roles = Array.Empty<object>() })).Response.StatusCode.Should().Be(HttpStatusCode.Forbidden);

        (await owner.DeleteJsonAsync($"{members}/{ownerId}")).Response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await owner.PutJsonAsync($"{members}/{ownerId}", new { org_role = "admin", app_roles = Array.Empty<object>() })).Response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        var (removed, body) = await owner.DeleteJsonAsync($"{members}/alice");
        removed.StatusCode.Should().Be(HttpStatusCode.OK);
        body!["removed"]!.GetValue<bool>().Should().BeTrue();
        (await owner.DeleteJsonAsync($"{members}/alice")).Response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await alice.GetJsonAsync(members)).Response.StatusCode.Should().Be(HttpStatusCode.NotFound, "no longer a member: the organization is not hers to see");
    }

    [Fact]
    public async Task Members_AdminCannotGrantOwner()
    {
        var (org, owner, _) = await UserOrgAsync();
        await owner.PutJsonAsync($"/v1/organizations/{org}/members/admin-user", new { org_role = "admin", app_roles = Array.Empty<object>() });
        var admin = factory.WithToken(ApiFactory.UserJwt("admin-user"));
        var (response, body) = await admin.PutJsonAsync($"/v1/organizations/{org}/members/mallory", new { org_role = "owner", app_roles = Array.Empty<object>() });
        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        body!["code"]!.GetValue<string>().Should().Be("role_escalation");
    }

    [Fact]
    public async Task AuditEvents_RecordEachChangeOnce_WithFilters()
    {
        var (org, owner, ownerId) = await UserOrgAsync();
        var (_, key) = await owner.PostJsonAsync($"/v1/organizations/{org}/api-keys", new { name = "audited" });
        var keyId = key!["api_key"]!["id"]!.GetValue<string>();
        await owner.PatchJsonAsync($"/v1/organizations/{org}/api-keys/{keyId}", new { name = "renamed" });
        await owner.DeleteJsonAsync($"/v1/organizations/{org}/api-keys/{keyId}");

        var (_, all) = await owner.GetJsonAsync($"/v1/organizations/{org}/audit-events");
        var actions = all!["audit_events"]!.AsArray().Select(e => e!["action"]!.GetValue<string>()).ToList();
        actions.Should().Equal("organization.created", "api_key.created", "api_key.updated", "api_key.revoked");
        var first = all["audit_events"]![1]!.AsObject();
        first.Select(p => p.Key).Should().BeEquivalentTo("id", "organization_id", "action", "actor_type", "actor_id", "api_key_id", "target", "ip_address", "occurred_at");
        first["actor_type"]!.GetValue<string>().Should().Be("user");
        first["actor_id"]!.GetValue<string>().Should().Be(ownerId);

        var (_, byKey) = await owner.GetJsonAsync($"/v1/organizations/{org}/audit-events?key_id={keyId}&action=api_key.revoked");
        byKey!["audit_events"]!.AsArray().Should().ContainSingle();
        (await owner.GetJsonAsync($"/v1/organizations/{org}/audit-events?key_id=nope")).Response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Me_ForAKey_DescribesItsRoles()
    {
        var (org, ownerKey) = await factory.CreateOrganizationAsync();
        var (_, me) = await factory.WithToken(ownerKey).GetJsonAsync("/v1/me");
        me!.AsObject().Select(p => p.Key).Should().BeEquivalentTo("principal_type", "id", "organization_id", "org_role", "app_roles", "permissions");
        me["principal_type"]!.GetValue<string>().Should().Be("api_key");
        me["organization_id"]!.GetValue<string>().Should().Be(org);
        me["org_role"]!.GetValue<string>().Should().Be("org_owner");
    }

    [Fact]
    public async Task OtherOrganization_IsNotFoundForUsersToo()
    {
        var (org, _, _) = await UserOrgAsync();
        var stranger = factory.WithToken(ApiFactory.UserJwt("stranger"));
        (await stranger.GetJsonAsync($"/v1/organizations/{org}")).Response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await stranger.GetJsonAsync($"/v1/organizations/{org}/members")).Response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }
}
