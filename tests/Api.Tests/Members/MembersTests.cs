using System.Net;
using ApiKeys.Api.Tests.Harness;

namespace ApiKeys.Api.Tests.Members;

/// <summary>Contract §3 over HTTP: an organization's members and their roles.</summary>
public class MembersTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Members_SetListRemove_LastOwnerProtected()
    {
        var (org, owner, ownerId) = await factory.UserOrganizationAsync();
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
        var (org, owner, _) = await factory.UserOrganizationAsync();
        await owner.PutJsonAsync($"/v1/organizations/{org}/members/admin-user", new { org_role = "admin", app_roles = Array.Empty<object>() });
        var admin = factory.WithToken(ApiFactory.UserJwt("admin-user"));
        var (response, body) = await admin.PutJsonAsync($"/v1/organizations/{org}/members/mallory", new { org_role = "owner", app_roles = Array.Empty<object>() });
        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        body!["code"]!.GetValue<string>().Should().Be("role_escalation");
    }
}
