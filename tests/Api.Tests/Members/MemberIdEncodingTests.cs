using System.Net;
using ApiKeys.Api.Tests.Harness;

namespace ApiKeys.Api.Tests.Members;

/// <summary>
/// Contract §2 "Member ids are opaque strings", over a real socket: a <c>{userID}</c> is the <c>sub</c>
/// percent-encoded (<c>/</c> as <c>%2F</c>) and decoded exactly once, so any <c>sub</c> a JWT may carry can be
/// listed, changed and removed, and the member it names is the one that JWT signs in as.
/// </summary>
public class MemberIdEncodingTests(KestrelApiFactory factory) : IClassFixture<KestrelApiFactory>
{
    [Theory]
    [InlineData("repo:acme/app:ref:refs/heads/main")]
    [InlineData("a/b/")]
    [InlineData("100%")]
    [InlineData("a%2Fb")]
    [InlineData("a+b")]
    [InlineData("first last")]
    [InlineData("  leading")]
    [InlineData("ünïcødé/東京 🦫")]
    [InlineData("?#&=;")]
    public async Task Member_WhoseSubNeedsEncoding_CanBeSetListedChangedAndRemoved(string sub)
    {
        var (org, owner, ownerId) = await factory.UserOrganizationAsync();
        var members = $"/v1/organizations/{org}/members";
        var path = $"{members}/{Uri.EscapeDataString(sub)}";
        var member = factory.WithToken(ApiFactory.UserJwt(sub));

        var (set, setBody) = await owner.PutJsonAsync(path, new { org_role = "member", app_roles = Array.Empty<object>() });
        set.StatusCode.Should().Be(HttpStatusCode.OK, setBody?.ToJsonString());
        setBody!["member"]!["user_id"]!.GetValue<string>().Should().Be(sub);
        (await ListAsync(owner, members)).Should().BeEquivalentTo(ownerId, sub);
        (await member.GetJsonAsync(members)).Response.StatusCode.Should().Be(HttpStatusCode.OK, "the JWT with that sub is the member that was set");

        var (changed, changedBody) = await owner.PutJsonAsync(path, new { org_role = "admin", app_roles = Array.Empty<object>() });
        changed.StatusCode.Should().Be(HttpStatusCode.OK);
        changedBody!["member"]!["org_role"]!.GetValue<string>().Should().Be("org_admin");
        (await ListAsync(owner, members)).Should().BeEquivalentTo([ownerId, sub], "a change, not a second (phantom) member");
        var (me, meBody) = await member.GetJsonAsync($"/v1/me?organization_id={org}");
        me.StatusCode.Should().Be(HttpStatusCode.OK);
        meBody!["org_role"]!.GetValue<string>().Should().Be("org_admin");

        var (removed, removedBody) = await owner.DeleteJsonAsync(path);
        removed.StatusCode.Should().Be(HttpStatusCode.OK, removedBody?.ToJsonString());
        (await ListAsync(owner, members)).Should().BeEquivalentTo(ownerId);
        (await member.GetJsonAsync(members)).Response.StatusCode.Should().Be(HttpStatusCode.NotFound, "removed: the organization is no longer the member's to see");
        (await owner.DeleteJsonAsync(path)).Response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task DoubleEncodedSlash_IsDecodedOnce_AndNamesAnotherMember()
    {
        var (org, owner, ownerId) = await factory.UserOrganizationAsync();
        var members = $"/v1/organizations/{org}/members";
        var none = new { org_role = "member", app_roles = Array.Empty<object>() };

        (await owner.PutJsonAsync($"{members}/a%2Fb", none)).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        var (literal, literalBody) = await owner.PutJsonAsync($"{members}/a%252Fb", none);
        literal.StatusCode.Should().Be(HttpStatusCode.OK);
        literalBody!["member"]!["user_id"]!.GetValue<string>().Should().Be("a%2Fb", "%25 decodes to %, and the result is not decoded again");
        (await ListAsync(owner, members)).Should().BeEquivalentTo(ownerId, "a/b", "a%2Fb");

        (await owner.DeleteJsonAsync($"{members}/a%252Fb")).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await ListAsync(owner, members)).Should().BeEquivalentTo(ownerId, "a/b");
        (await owner.DeleteJsonAsync($"{members}/a%252Fb")).Response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await owner.DeleteJsonAsync($"{members}/a%2Fb")).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await ListAsync(owner, members)).Should().BeEquivalentTo(ownerId);
    }

    private static async Task<List<string>> ListAsync(HttpClient owner, string members)
    {
        var (response, body) = await owner.GetJsonAsync(members + "?limit=200");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return body!["members"]!.AsArray().Select(m => m!["user_id"]!.GetValue<string>()).ToList();
    }
}
