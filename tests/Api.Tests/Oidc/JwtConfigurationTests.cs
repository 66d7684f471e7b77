using System.Net;
using System.Net.Sockets;
using ApiKeys.Api.Tests.Harness;

namespace ApiKeys.Api.Tests.Oidc;

/// <summary>
/// Nothing about JWT configuration answers 500: while the identity provider cannot be reached, its keys are
/// unknown and JWTs are refused like any unverifiable token (401, the contract's body); API keys keep working.
/// </summary>
public sealed class JwtConfigurationTests
{
    [Fact]
    public async Task UnreachableAuthority_RefusesJwtsWith401_NeverA500_AndApiKeysStillWork()
    {
        var closedPort = ClosedPort();
        var server = OidcServer.At(new Uri($"http://127.0.0.1:{closedPort}"));
        await using var factory = new OidcFactory(server, requireHttpsMetadata: false);
        await factory.InitializeAsync();
        var jwt = ApiFactory.UserJwt("alice");

        var (response, body) = await factory.WithToken(jwt).GetJsonAsync("/v1/me");

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().Should().Be("Bearer");
        body!["code"]!.GetValue<string>().Should().Be("unauthorized");
        var (_, ownerKey) = await factory.CreateOrganizationAsync();
        (await factory.WithToken(ownerKey).GetJsonAsync("/v1/me")).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await factory.WithToken("not-a-token").GetJsonAsync("/v1/me")).Response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port; // closed again when disposed: nothing listens there
    }
}
