using System.Net;
using System.Text.Json.Nodes;
using ApiKeys.Api.Tests.Harness;

namespace ApiKeys.Api.Tests.ApiKeys;

/// <summary>Contract §4 over HTTP: every route, its success shape and its 400/401/403/404 answers.</summary>
public class ApiKeyLifecycleTests(ApiFactory factory, FakeClockFactory clocked) : IClassFixture<ApiFactory>, IClassFixture<FakeClockFactory>
{
    private static readonly string[] ApiKeyFields =
    [
        "id", "name", "organization_id", "project_id", "kind", "mode", "org_role", "app_roles", "scopes", "limited_to_apps",
        "limited_to_orgs", "secure", "key_prefix", "key", "is_active", "created_at", "updated_at", "created_by_user_id",
        "created_by_key_id", "device_name", "source", "expires_at", "last_used_at", "revoked_at",
        "enabled", "rate_limits", "credits", "allowed_cidrs", "meta", "previous_secret_expires_at",
    ];

    private async Task<(string Org, HttpClient Owner, string OwnerKey)> NewOrgAsync(ApiFactory? service = null)
    {
        service ??= factory;
        var (org, key) = await service.CreateOrganizationAsync();
        return (org, service.WithToken(key), key);
    }

    private static string Keys(string org) => $"/v1/organizations/{org}/api-keys";

    [Theory]
    [InlineData("member", "uploader", "org_member", "app_uploader")]
    [InlineData("org_member", "app_uploader", "org_member", "app_uploader")]
    [InlineData("admin", "admin", "org_admin", "app_admin")]
    [InlineData("none", "app_reader", "none", "app_reader")]
    public async Task RoleNames_AreAcceptedInBothFormsAndAnsweredByCatalogName(string orgRole, string appRole, string answeredOrg, string answeredApp)
    {
        var (org, owner, _) = await NewOrgAsync();
        await owner.PostJsonAsync($"/v1/organizations/{org}/apps", new { app_id = "com.names.app", name = "Names" });
        var (created, body) = await owner.PostJsonAsync(Keys(org), new { name = "named", org_role = orgRole, app_roles = new[] { new { app_id = "com.names.app", role = appRole } } });
        created.StatusCode.Should().Be(HttpStatusCode.Created, body?.ToJsonString());
        body!["api_key"]!["org_role"]!.GetValue<string>().Should().Be(answeredOrg);
        body["api_key"]!["app_roles"]![0]!["role"]!.GetValue<string>().Should().Be(answeredApp);

        var (_, me) = await factory.WithToken(body["plaintext_api_key"]!.GetValue<string>()).GetJsonAsync("/v1/me");
        me!["org_role"]!.GetValue<string>().Should().Be(answeredOrg);
        me["app_roles"]![0]!["role"]!.GetValue<string>().Should().Be(answeredApp);
    }

    [Fact]
    public async Task Create_SecureKey_ReturnsPlaintextOnceAndEveryField()
    {
        var (org, owner, _) = await NewOrgAsync();
        var (response, body) = await owner.PostJsonAsync(Keys(org), new { name = "CI deploy", org_role = "member" });

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        var plaintext = body!["plaintext_api_key"]!.GetValue<string>();
        plaintext.Should().StartWith("capy_live_").And.HaveLength(48);
        var key = body["api_key"]!.AsObject();
        key.Select(p => p.Key).Should().BeEquivalentTo(ApiKeyFields);
        key["kind"]!.GetValue<string>().Should().Be("rbac");
        key["org_role"]!.GetValue<string>().Should().Be("org_member");
        key["secure"]!.GetValue<bool>().Should().BeTrue();
        key["key"].Should().BeNull();
        key["key_prefix"]!.GetValue<string>().Should().Be(plaintext[..16]);
        key["is_active"]!.GetValue<bool>().Should().BeTrue();
        key["id"]!.GetValue<string>().Should().StartWith("key_");
        key["organization_id"]!.GetValue<string>().Should().Be(org);
        key["created_at"]!.GetValue<string>().Should().EndWith("Z");
        response.Headers.CacheControl!.NoStore.Should().BeTrue();

        var (_, fetched) = await owner.GetJsonAsync($"{Keys(org)}/{key["id"]}");
        fetched!.ToJsonString().Should().NotContain(plaintext[16..], "a secure key's secret never appears after the call that made it");
        var (_, listed) = await owner.GetJsonAsync(Keys(org));
        listed!.ToJsonString().Should().NotContain(plaintext[16..]);
    }

    [Fact]
    public async Task Create_PlainKey_CanBeShownAgain()
    {
        var (org, owner, _) = await NewOrgAsync();
        var (_, body) = await owner.PostJsonAsync(Keys(org), new { name = "plain", secure = false });
        var plaintext = body!["plaintext_api_key"]!.GetValue<string>();

        var (_, fetched) = await owner.GetJsonAsync($"{Keys(org)}/{body["api_key"]!["id"]}");
        fetched!["api_key"]!["key"]!.GetValue<string>().Should().Be(plaintext);
        fetched["api_key"]!["secure"]!.GetValue<bool>().Should().BeFalse();
    }

    [Fact]
    public async Task NewKey_AuthenticatesAndRevokedKeyGets401AtOnce()
    {
        var (org, owner, _) = await NewOrgAsync();
        var (_, created) = await owner.PostJsonAsync(Keys(org), new { name = "reader", org_role = "member" });
        var token = created!["plaintext_api_key"]!.GetValue<string>();
        var id = created["api_key"]!["id"]!.GetValue<string>();
        var client = factory.WithToken(token);

        (await client.GetJsonAsync(Keys(org))).Response.StatusCode.Should().Be(HttpStatusCode.OK);

        var (revoke, revoked) = await owner.DeleteJsonAsync($"{Keys(org)}/{id}");
        revoke.StatusCode.Should().Be(HttpStatusCode.OK);
        revoked!["revoked"]!.GetValue<bool>().Should().BeTrue();

        var (after, error) = await client.GetJsonAsync(Keys(org));
        after.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        after.Headers.WwwAuthenticate.ToString().Should().Be("Bearer");
        error!["code"]!.GetValue<string>().Should().Be("unauthorized");
        error["error"].Should().NotBeNull();

        (await owner.DeleteJsonAsync($"{Keys(org)}/{id}")).Response.StatusCode.Should().Be(HttpStatusCode.NotFound, "already revoked");
    }

    [Fact]
    public async Task List_PaginatesWithCursorAndHidesRevokedByDefault()
    {
        var (org, owner, _) = await NewOrgAsync();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var (_, body) = await owner.PostJsonAsync(Keys(org), new { name = $"key {i}" });
            ids.Add(body!["api_key"]!["id"]!.GetValue<string>());
        }

        await owner.DeleteJsonAsync($"{Keys(org)}/{ids[0]}");
        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var (response, page) = await owner.GetJsonAsync($"{Keys(org)}?limit=2" + (cursor is null ? "" : $"&cursor={cursor}"));
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            var items = page!["api_keys"]!.AsArray();
            items.Count.Should().BeLessThanOrEqualTo(2);
            seen.AddRange(items.Select(k => k!["id"]!.GetValue<string>()));
            cursor = page["next_cursor"]?.GetValue<string>();
        }
        while (cursor is not null);

        seen.Should().OnlyHaveUniqueItems();
        seen.Should().Contain(ids.Skip(1)).And.NotContain(ids[0]);
        var (_, withRevoked) = await owner.GetJsonAsync($"{Keys(org)}?include_revoked=true&limit=200");
        withRevoked!["api_keys"]!.AsArray().Select(k => k!["id"]!.GetValue<string>()).Should().Contain(ids[0]);
    }

    [Fact]
    public async Task Patch_RenamesAndSetsExpiry()
    {
        var (org, owner, _) = await NewOrgAsync();
        var (_, created) = await owner.PostJsonAsync(Keys(org), new { name = "old" });
        var id = created!["api_key"]!["id"]!.GetValue<string>();
        var expiry = DateTime.UtcNow.AddDays(10).ToString("yyyy-MM-ddTHH:mm:ssZ");

        var (response, body) = await owner.PatchJsonAsync($"{Keys(org)}/{id}", new { name = "  new name  ", expires_at = expiry });
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        body!["api_key"]!["name"]!.GetValue<string>().Should().Be("new name");
        body["api_key"]!["expires_at"]!.GetValue<string>().Should().Be(expiry);

        var (cleared, clearedBody) = await owner.SendJsonAsync(HttpMethod.Patch, $"{Keys(org)}/{id}", "{\"expires_at\": null}");
        cleared.StatusCode.Should().Be(HttpStatusCode.OK);
        clearedBody!["api_key"]!["expires_at"].Should().BeNull();
    }

    [Fact]
    public async Task Patch_WrongTypedExpiry_Is400NamingTheField()
    {
        var (org, owner, _) = await NewOrgAsync();
        var (_, created) = await owner.PostJsonAsync(Keys(org), new { name = "k" });
        var (response, body) = await owner.SendJsonAsync(HttpMethod.Patch, $"{Keys(org)}/{created!["api_key"]!["id"]}", "{\"expires_at\": \"nope\"}");
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        body!["details"]!.AsObject().Select(p => p.Key).Should().Contain("expires_at");
    }

    [Fact]
    public async Task AssignRoles_ChangesRolesAndLegacyKeyIsConflict()
    {
        var (org, owner, _) = await NewOrgAsync();
        await owner.PostJsonAsync($"/v1/organizations/{org}/apps", new { app_id = "com.demo.app", name = "Demo" });
        var (_, created) = await owner.PostJsonAsync(Keys(org), new { name = "k" });
        var id = created!["api_key"]!["id"]!.GetValue<string>();

        var (response, body) = await owner.PutJsonAsync($"{Keys(org)}/{id}/roles", new { org_role = "none", app_roles = new[] { new { app_id = "com.demo.app", role = "developer" } } });
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        body!["api_key"]!["app_roles"]![0]!["role"]!.GetValue<string>().Should().Be("app_developer");
        body["api_key"]!["app_roles"]![0]!["app_id"]!.GetValue<string>().Should().Be("com.demo.app");

        var (_, legacy) = await owner.PostJsonAsync(Keys(org), new { name = "legacy", mode = "read" });
        var legacyId = legacy!["api_key"]!["id"]!.GetValue<string>();
        var (conflict, error) = await owner.PutJsonAsync($"{Keys(org)}/{legacyId}/roles", new { org_role = "admin", app_roles = Array.Empty<object>() });
        conflict.StatusCode.Should().Be(HttpStatusCode.Conflict);
        error!["code"]!.GetValue<string>().Should().Be("legacy_key_roles");
    }

    [Fact]
    public async Task Regenerate_OldSecretStopsAndNewOneWorks()
    {
        var (org, owner, _) = await NewOrgAsync();
        var (_, created) = await owner.PostJsonAsync(Keys(org), new { name = "rotating", org_role = "member" });
        var oldToken = created!["plaintext_api_key"]!.GetValue<string>();
        var id = created["api_key"]!["id"]!.GetValue<string>();
        (await factory.WithToken(oldToken).GetJsonAsync(Keys(org))).Response.StatusCode.Should().Be(HttpStatusCode.OK);

        var (response, body) = await owner.PostJsonAsync($"{Keys(org)}/{id}/regenerate", new { grace_period_seconds = 0 });
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var newToken = body!["plaintext_api_key"]!.GetValue<string>();
        newToken.Should().NotBe(oldToken);
        body["api_key"]!["key_prefix"]!.GetValue<string>().Should().Be(newToken[..16]);

        (await factory.WithToken(oldToken).GetJsonAsync(Keys(org))).Response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await factory.WithToken(newToken).GetJsonAsync(Keys(org))).Response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Regenerate_RevokedKey_ReturnsConflict()
    {
        var (org, owner, _) = await NewOrgAsync();
        var (_, created) = await owner.PostJsonAsync(Keys(org), new { name = "gone" });
        var id = created!["api_key"]!["id"]!.GetValue<string>();
        await owner.DeleteJsonAsync($"{Keys(org)}/{id}");
        (await owner.PostJsonAsync($"{Keys(org)}/{id}/regenerate", new { })).Response.StatusCode.Should().Be(HttpStatusCode.Conflict);
    }

    [Theory]
    [InlineData("{\"name\": \"\"}", "name")]
    [InlineData("{\"name\": \"tab\\there\"}", "name")]
    [InlineData("{}", "name")]
    [InlineData("{\"name\": 12}", "name")]
    [InlineData("{\"name\": \"x\", \"org_role\": \"superuser\"}", "org_role")]
    [InlineData("{\"name\": \"x\", \"scopes\": [\"app.fly\"]}", "scopes")]
    [InlineData("{\"name\": \"x\", \"expires_at\": \"2001-01-01T00:00:00Z\"}", "expires_at")]
    [InlineData("{\"name\": \"x\", \"expires_at\": \"not a date\"}", "expires_at")]
    [InlineData("{\"name\": \"x\", \"app_roles\": [{\"app_id\": \"com.demo.app\", \"role\": \"king\"}]}", "app_roles")]
    [InlineData("{\"name\": \"x\", \"mode\": \"god\"}", "mode")]
    [InlineData("{\"name\": \"x\", \"secure\": \"yes\"}", "secure")]
    [InlineData("not json", "body")]
    public async Task Create_BadInput_Returns400NamingTheField(string json, string field)
    {
        var (org, owner, _) = await NewOrgAsync();
        var (response, body) = await owner.SendJsonAsync(HttpMethod.Post, Keys(org), json);
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, json);
        body!["code"]!.GetValue<string>().Should().Be("validation_failed");
        body["details"]!.AsObject().Select(p => p.Key).Should().Contain(field);
        var (_, list) = await owner.GetJsonAsync(Keys(org));
        list!["api_keys"]!.AsArray().Should().ContainSingle("only the owner key exists: bad input changes nothing");
    }

    [Fact]
    public async Task Create_InvalidMode_UsesCapgoMessage()
    {
        var (org, owner, _) = await NewOrgAsync();
        var (_, body) = await owner.PostJsonAsync(Keys(org), new { name = "x", mode = "god" });
        body!["details"]!["mode"]![0]!.GetValue<string>().Should().Be("Invalid mode specified. Must be one of: read, write, upload, all");
    }

    [Theory]
    [InlineData("")]
    [InlineData("Bearer ")]
    [InlineData("Bearer capy_live_000000000000000000000000000000003UFVO5")]
    [InlineData("Bearer capy_live_aWFeOgd23eOp1ARVjVEeNJPXGyijpXUw1MDPZ0")]
    [InlineData("Bearer not-a-token")]
    [InlineData("capy_live_000000000000000000000000000000003UFVO5")]
    public async Task Routes_BadCredentials_Return401WithChallenge(string authorization)
    {
        var (org, _, _) = await NewOrgAsync();
        var client = factory.Anonymous();
        if (authorization.Length > 0)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);
        }

        var (response, body) = await client.GetJsonAsync(Keys(org));
        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().Should().Be("Bearer");
        body!["code"]!.GetValue<string>().Should().Be("unauthorized");
    }

    [Fact]
    public async Task MemberKey_CannotManageKeys_403()
    {
        var (org, owner, _) = await NewOrgAsync();
        var (_, created) = await owner.PostJsonAsync(Keys(org), new { name = "member", org_role = "member" });
        var member = factory.WithToken(created!["plaintext_api_key"]!.GetValue<string>());

        (await member.GetJsonAsync(Keys(org))).Response.StatusCode.Should().Be(HttpStatusCode.OK, "members hold apikey.read");
        var (response, body) = await member.PostJsonAsync(Keys(org), new { name = "nope" });
        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        body!["code"]!.GetValue<string>().Should().Be("forbidden");
    }

    [Fact]
    public async Task AdminKey_CannotMintOwnerKey_403AndNothingChanges()
    {
        var (org, owner, _) = await NewOrgAsync();
        var (_, created) = await owner.PostJsonAsync(Keys(org), new { name = "admin", org_role = "admin" });
        var admin = factory.WithToken(created!["plaintext_api_key"]!.GetValue<string>());
        var (_, before) = await owner.GetJsonAsync(Keys(org));

        var (response, body) = await admin.PostJsonAsync(Keys(org), new { name = "owner?", org_role = "owner" });
        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        body!["code"]!.GetValue<string>().Should().Be("role_escalation");
        var (_, after) = await owner.GetJsonAsync(Keys(org));
        after!["api_keys"]!.AsArray().Count.Should().Be(before!["api_keys"]!.AsArray().Count);
        var (_, denied) = await owner.GetJsonAsync($"/v1/organizations/{org}/audit-events?action=api_key.created.denied");
        denied!["audit_events"]!.AsArray().Should().ContainSingle("a refused escalation is audited once")
            .Which!["actor_id"]!.GetValue<string>().Should().Be(created["api_key"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task OtherOrganization_Answers404NotForbidden()
    {
        var (orgA, ownerA, _) = await NewOrgAsync();
        var (orgB, ownerB, _) = await NewOrgAsync();
        var (_, keyB) = await ownerB.PostJsonAsync(Keys(orgB), new { name = "b" });
        var idB = keyB!["api_key"]!["id"]!.GetValue<string>();

        (await ownerA.GetJsonAsync(Keys(orgB))).Response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await ownerA.GetJsonAsync($"{Keys(orgA)}/{idB}")).Response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await ownerA.DeleteJsonAsync($"{Keys(orgB)}/{idB}")).Response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await ownerB.GetJsonAsync($"{Keys(orgB)}/{idB}")).Response.StatusCode.Should().Be(HttpStatusCode.OK, "nothing happened to it");
    }

    [Theory]
    [InlineData("/v1/organizations/org_nope/api-keys")]
    [InlineData("/v1/organizations/{org}/api-keys/key_123")]
    [InlineData("/v1/organizations/{org}/api-keys/org_0192f0c0a1b27c3d8e9f0a1b2c3d4e5f")]
    [InlineData("/v1/organizations/{org}/api-keys/key_{new}")]
    public async Task IdsThatNameNothing_Return404WhateverTheirShape(string path)
    {
        var (org, owner, _) = await NewOrgAsync();
        var (response, body) = await owner.GetJsonAsync(path.Replace("{org}", org, StringComparison.Ordinal).Replace("{new}", Guid.CreateVersion7().ToString("N"), StringComparison.Ordinal));
        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        body!["code"]!.GetValue<string>().Should().BeOneOf("organization_not_found", "api_key_not_found");
    }

    [Theory]
    [InlineData("/v1/organizations/{org}/api-keys?limit=0")]
    [InlineData("/v1/organizations/{org}/api-keys?limit=201")]
    [InlineData("/v1/organizations/{org}/api-keys?cursor=%%%")]
    [InlineData("/v1/organizations/{org}/api-keys?kind=other")]
    public async Task BadListParameters_Return400(string path)
    {
        var (org, owner, _) = await NewOrgAsync();
        var (response, body) = await owner.GetJsonAsync(path.Replace("{org}", org, StringComparison.Ordinal));
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        body!["details"].Should().NotBeNull();
    }

    [Fact]
    public async Task UnknownKeyId_Returns404()
    {
        var (org, owner, _) = await NewOrgAsync();
        var (response, body) = await owner.GetJsonAsync($"{Keys(org)}/key_{Guid.CreateVersion7():N}");
        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        body!["code"]!.GetValue<string>().Should().Be("api_key_not_found");
    }

    [Fact]
    public async Task NonJsonBody_Returns415()
    {
        var (org, owner, _) = await NewOrgAsync();
        using var content = new StringContent("name=x", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");
        var response = await owner.PostAsync(Keys(org), content);
        response.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!["code"]!.GetValue<string>().Should().Be("unsupported_media_type");
    }

    [Fact]
    public async Task OversizedBody_Returns413()
    {
        var (org, owner, _) = await NewOrgAsync();
        var (response, body) = await owner.SendJsonAsync(HttpMethod.Post, Keys(org), $"{{\"name\": \"{new string('a', 70_000)}\"}}");
        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        body!["code"]!.GetValue<string>().Should().Be("payload_too_large");
    }

    [Fact]
    public async Task ExpiredKey_Gets401()
    {
        var (org, owner, _) = await NewOrgAsync(clocked);
        var (_, created) = await owner.PostJsonAsync(Keys(org), new { name = "short-lived", org_role = "member", expires_at = clocked.Later(TimeSpan.FromSeconds(2)) });
        var client = clocked.WithToken(created!["plaintext_api_key"]!.GetValue<string>());
        (await client.GetJsonAsync(Keys(org))).Response.StatusCode.Should().Be(HttpStatusCode.OK);

        clocked.Clock.Advance(TimeSpan.FromSeconds(3));

        (await client.GetJsonAsync(Keys(org))).Response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }
}
