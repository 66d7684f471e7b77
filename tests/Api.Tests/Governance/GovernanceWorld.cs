using System.Net;
using System.Text.Json.Nodes;
using ApiKeys.Api.Tests.Harness;

namespace ApiKeys.Api.Tests.Governance;

/// <summary>An organization with an app, its owner and a verifier service key: what the governance tests start from.</summary>
internal sealed record GovernanceWorld(string Org, HttpClient Owner, HttpClient Verifier, Func<string, HttpClient> WithToken)
{
    public const string App = "com.demo.app";
    public const string Verify = "/v1/keys/verify";

    public string Keys => $"/v1/organizations/{Org}/api-keys";

    public static async Task<GovernanceWorld> CreateAsync(ApiFactory factory)
    {
        var (org, ownerKey) = await factory.CreateOrganizationAsync();
        var owner = factory.WithToken(ownerKey);
        (await owner.PostJsonAsync($"/v1/organizations/{org}/apps", new { app_id = App, name = "Demo" })).Response.StatusCode.Should().Be(HttpStatusCode.Created);
        var world = new GovernanceWorld(org, owner, null!, factory.WithToken);
        var (_, verifier) = await world.CreateKeyAsync(new { name = "bundle service", org_role = "admin", scopes = new[] { "apikey.verify" } });
        return world with { Verifier = factory.WithToken(verifier) };
    }

    public async Task<(string Id, string Token)> CreateKeyAsync(object body)
    {
        var (response, created) = await Owner.PostJsonAsync(Keys, body);
        response.StatusCode.Should().Be(HttpStatusCode.Created, created?.ToJsonString());
        return (created!["api_key"]!["id"]!.GetValue<string>(), created["plaintext_api_key"]!.GetValue<string>());
    }

    public async Task<JsonNode> KeyAsync(string id)
    {
        var (response, body) = await Owner.GetJsonAsync($"{Keys}/{id}");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return body!["api_key"]!;
    }

    public async Task<JsonNode> VerifyAsync(object body)
    {
        var (response, answer) = await Verifier.PostJsonAsync(Verify, body);
        response.StatusCode.Should().Be(HttpStatusCode.OK, answer?.ToJsonString());
        return answer!;
    }

    public async Task<IReadOnlyList<string>> AuditActionsAsync(string keyId)
    {
        var (_, events) = await Owner.GetJsonAsync($"/v1/organizations/{Org}/audit-events?key_id={keyId}&limit=200");
        return [.. events!["audit_events"]!.AsArray().Select(e => e!["action"]!.GetValue<string>())];
    }
}
