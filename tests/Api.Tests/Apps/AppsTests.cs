using System.Net;
using ApiKeys.Api.Tests.Harness;

namespace ApiKeys.Api.Tests.Apps;

/// <summary>Contract §3 over HTTP: an organization's apps.</summary>
public class AppsTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Apps_CreateListGetDelete_AndDuplicateIs409()
    {
        var (org, owner, _) = await factory.UserOrganizationAsync();
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
        var (org, owner, _) = await factory.UserOrganizationAsync();
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
}
