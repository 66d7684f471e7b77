using System.Net;

namespace ApiKeys.Api.Tests.Harness;

public static class UserOrganizations
{
    /// <summary>A new user (JWT) who creates an organization over HTTP and so becomes its owner.</summary>
    public static async Task<(string Org, HttpClient Owner, string UserId)> UserOrganizationAsync(this ApiFactory factory)
    {
        var userId = "user-" + Guid.NewGuid().ToString("N")[..8];
        var owner = factory.WithToken(ApiFactory.UserJwt(userId));
        var (response, body) = await owner.PostJsonAsync("/v1/organizations", new { name = "Équipe 東京" });
        response.StatusCode.Should().Be(HttpStatusCode.Created);
        body!["organization"]!["name"]!.GetValue<string>().Should().Be("Équipe 東京");
        return (body["organization"]!["id"]!.GetValue<string>(), owner, userId);
    }
}
