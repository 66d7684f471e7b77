using System.Net;
using ApiKeys.Api.Tests.Harness;

namespace ApiKeys.Api.Tests.Me;

/// <summary>Contract §3 over HTTP: <c>GET /v1/me</c> for a key (for a user: OrganizationsTests).</summary>
public class MeTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
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
}
