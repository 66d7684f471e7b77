using System.Net;
using ApiKeys.Api.Tests.Harness;

namespace ApiKeys.Api.Tests.Organizations;

/// <summary>Contract §3 over HTTP: creating, reading and changing an organization, with users (JWT) and keys.</summary>
public class OrganizationsTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task CreateOrganization_UserBecomesOwner_AndMeSaysSo()
    {
        var (org, owner, userId) = await factory.UserOrganizationAsync();
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
        var (org, owner, _) = await factory.UserOrganizationAsync();
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
    public async Task OtherOrganization_IsNotFoundForUsersToo()
    {
        var (org, _, _) = await factory.UserOrganizationAsync();
        var stranger = factory.WithToken(ApiFactory.UserJwt("stranger"));
        (await stranger.GetJsonAsync($"/v1/organizations/{org}")).Response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await stranger.GetJsonAsync($"/v1/organizations/{org}/members")).Response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }
}
