using System.Net;
using ApiKeys.Api.Tests.Harness;

namespace ApiKeys.Api.Tests.Oidc;

/// <summary>
/// Users with real tokens from a real OpenID provider over https (node-oidc-provider: discovery, JWKS, RS256,
/// at+jwt, audience urn:apikeys). Serial within this class: one test rotates the provider's signing key.
/// </summary>
public sealed class OidcProviderTests
{
    [Fact]
    public async Task User_CreatesOrganization_IsItsOwner_AndManagesKeys()
    {
        var server = OidcServer.Https();
        await using var factory = new OidcFactory(server, requireHttpsMetadata: true);
        await factory.InitializeAsync();
        await UserManagesKeysAsync(factory, server);
    }

    [Fact]
    public async Task PlainHttpProvider_WorksWithRequireHttpsMetadataOff()
    {
        var server = OidcServer.Http();
        await using var factory = new OidcFactory(server, requireHttpsMetadata: false);
        await factory.InitializeAsync();
        await UserManagesKeysAsync(factory, server);
    }

    [Fact]
    public async Task ExpiredToken_IsRefused()
    {
        var server = OidcServer.Https();
        await using var factory = new OidcFactory(server, requireHttpsMetadata: true);
        await factory.InitializeAsync();
        var token = await server.TokenAsync(OidcServer.ShortLivedUser);
        (await factory.WithToken(token).GetJsonAsync("/v1/me")).Response.StatusCode.Should().Be(HttpStatusCode.OK, "the token is valid for 2 s");

        await Task.Delay(TimeSpan.FromSeconds(3));

        var (response, body) = await factory.WithToken(token).GetJsonAsync("/v1/me");
        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        body!["code"]!.GetValue<string>().Should().Be("unauthorized");
    }

    [Fact]
    public async Task TokenForAnotherAudience_IsRefused()
    {
        var server = OidcServer.Https();
        await using var factory = new OidcFactory(server, requireHttpsMetadata: true);
        await factory.InitializeAsync();
        var token = await server.TokenAsync("alice", audience: "urn:another-service");

        var (response, _) = await factory.WithToken(token).PostJsonAsync("/v1/organizations", new { name = "Not for us" });

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "a token the provider issued for another service is not for us");
    }

    [Fact]
    public async Task AfterTheProviderRotatesItsKey_NewTokensWork_WithoutRestart_AndTheRotatedOutKeyIsRefused()
    {
        var server = OidcServer.Https();
        await using var factory = new OidcFactory(server, requireHttpsMetadata: true);
        await factory.InitializeAsync();
        var before = await server.TokenAsync("carol");
        (await factory.WithToken(before).GetJsonAsync("/v1/me")).Response.StatusCode.Should().Be(HttpStatusCode.OK);

        await server.RotateSigningKeyAsync();
        var after = await server.TokenAsync("carol");

        // A token naming a key the service has not seen makes it fetch the JWKS again (at most once per
        // Auth:Jwt:KeyRefreshSeconds, 1 s here); the refresh runs in the background, so allow it a few tries.
        var accepted = false;
        for (var attempt = 0; attempt < 20 && !accepted; attempt++)
        {
            accepted = (await factory.WithToken(after).GetJsonAsync("/v1/me")).Response.StatusCode == HttpStatusCode.OK;
            if (!accepted)
            {
                await Task.Delay(250);
            }
        }

        accepted.Should().BeTrue("the same service instance picks up the provider's new signing key");
        (await factory.WithToken(before).GetJsonAsync("/v1/me")).Response.StatusCode
            .Should().Be(HttpStatusCode.Unauthorized, "the old token is signed by a key the provider no longer publishes");
    }

    private static async Task UserManagesKeysAsync(OidcFactory factory, OidcServer server)
    {
        var user = factory.WithToken(await server.TokenAsync("alice"));
        var (created, organization) = await user.PostJsonAsync("/v1/organizations", new { name = "Alice's org" });
        created.StatusCode.Should().Be(HttpStatusCode.Created, organization?.ToJsonString());
        var org = organization!["organization"]!["id"]!.GetValue<string>();

        var (_, me) = await user.GetJsonAsync($"/v1/me?organization_id={org}");
        me!["principal_type"]!.GetValue<string>().Should().Be("user");
        me["id"]!.GetValue<string>().Should().Be("alice", "the provider's sub is the user");
        me["org_role"]!.GetValue<string>().Should().Be("org_owner");

        var keys = $"/v1/organizations/{org}/api-keys";
        var (made, key) = await user.PostJsonAsync(keys, new { name = "deploy", org_role = "member" });
        made.StatusCode.Should().Be(HttpStatusCode.Created);
        var keyId = key!["api_key"]!["id"]!.GetValue<string>();
        var plaintext = key["plaintext_api_key"]!.GetValue<string>();
        (await factory.WithToken(plaintext).GetJsonAsync("/v1/me")).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await user.GetJsonAsync(keys)).Body!["api_keys"]!.AsArray().Should().ContainSingle();
        (await user.DeleteJsonAsync($"{keys}/{keyId}")).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await factory.WithToken(plaintext).GetJsonAsync("/v1/me")).Response.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "the user revoked it");

        var bob = factory.WithToken(await server.TokenAsync("bob"));
        (await bob.GetJsonAsync(keys)).Response.StatusCode.Should().Be(HttpStatusCode.NotFound, "another user of the same provider is not a member");
    }
}
