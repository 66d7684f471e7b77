using System.Net;
using System.Text;
using System.Text.Json;
using ApiKeys.Api.Tests.Harness;
using ApiKeys.Domain.ApiKeys;

namespace ApiKeys.Api.Tests.Webhooks;

/// <summary>Contract §10, leaked keys: GitHub's secret scanning partner protocol and the public report route.</summary>
public class LeakTests(WebhookFactory factory) : IClassFixture<WebhookFactory>
{
    private const string GitHubRoute = "/v1/secret-scanning/github";

    private async Task<(string Org, HttpClient Owner, string KeyId, string Token)> OrgWithKeyAsync()
    {
        var (org, ownerToken) = await factory.CreateOrganizationAsync("Leaks");
        var owner = factory.WithToken(ownerToken);
        var (_, created) = await owner.PostJsonAsync($"/v1/organizations/{org}/api-keys", new { name = "pushed to a public repo", org_role = "admin" });
        var token = created!["plaintext_api_key"]!.GetValue<string>();
        (await factory.WithToken(token).GetJsonAsync("/v1/me")).Response.StatusCode.Should().Be(HttpStatusCode.OK, "warm in the cache first");
        return (org, owner, created["api_key"]!["id"]!.GetValue<string>(), token);
    }

    private async Task<HttpResponseMessage> PostGitHubAsync(string json, string? keyId = WebhookFactory.GitHubKeyId, string? signature = null)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        using var request = new HttpRequestMessage(HttpMethod.Post, GitHubRoute) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new("application/json");
        if (keyId is not null)
        {
            request.Headers.Add("Github-Public-Key-Identifier", keyId);
        }

        request.Headers.Add("Github-Public-Key-Signature", signature ?? factory.SignForGitHub(bytes));
        return await factory.CreateClient().SendAsync(request);
    }

    private static string Report(params string[] tokens) =>
        JsonSerializer.Serialize(tokens.Select(t => new { token = t, type = "apikeys_live_token", url = "https://github.com/someone/repo/blob/main/.env", source = "content" }));

    [Fact]
    public async Task ASignedGitHubReport_RevokesTheKeyAtOnce_AndLabelsEachToken()
    {
        var (org, owner, keyId, token) = await OrgWithKeyAsync();
        // A well-formed token (its checksum is right) of no key: only the lookup can call it a false positive.
        var forged = ApiKeyToken.FromRandom(new string('A', ApiKeyToken.RandomLength)).Reveal();
        ApiKeyToken.TryParse(forged, out _).Should().BeTrue();
        var response = await PostGitHubAsync(Report(token, "not a token at all", forged));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var verdicts = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        verdicts.GetArrayLength().Should().Be(3);
        verdicts[0].GetProperty("token_raw").GetString().Should().Be(token);
        verdicts[0].GetProperty("token_type").GetString().Should().Be("apikeys_live_token");
        verdicts[0].GetProperty("label").GetString().Should().Be("true_positive");
        verdicts[1].GetProperty("label").GetString().Should().Be("false_positive");
        verdicts[2].GetProperty("token_raw").GetString().Should().Be(forged);
        verdicts[2].GetProperty("label").GetString().Should().Be("false_positive");

        (await factory.WithToken(token).GetJsonAsync("/v1/me")).Response.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "revoked at once, cached or not");
        var (_, audit) = await owner.GetJsonAsync($"/v1/organizations/{org}/audit-events?key_id={keyId}&limit=200");
        var actions = audit!["audit_events"]!.AsArray().Select(e => e!["action"]!.GetValue<string>()).ToList();
        actions.Should().Contain("api_key.leaked").And.Contain("api_key.revoked");
    }

    [Theory]
    [InlineData("wrong-signature")]
    [InlineData("unknown-key")]
    [InlineData("missing-key-id")]
    [InlineData("tampered-body")]
    public async Task ABadOrMissingSignature_Is401_AndChangesNothing(string attack)
    {
        var (_, _, _, token) = await OrgWithKeyAsync();
        var json = Report(token);
        var response = attack switch
        {
            "wrong-signature" => await PostGitHubAsync(json, signature: factory.SignForGitHub(Encoding.UTF8.GetBytes("[]"))),
            "unknown-key" => await PostGitHubAsync(json, keyId: "someone-else"),
            "missing-key-id" => await PostGitHubAsync(json, keyId: null),
            _ => await PostGitHubAsync(json, signature: factory.SignForGitHub(Encoding.UTF8.GetBytes(Report(token + "x")))),
        };
        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await factory.WithToken(token).GetJsonAsync("/v1/me")).Response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AReportedLeak_IsAlways202_AndRevokesAnActiveKey()
    {
        var (_, _, _, token) = await OrgWithKeyAsync();
        var anonymous = factory.Anonymous();
        foreach (var body in new object[] { new { key = "garbage" }, new { key = "capy_live_000000000000000000000000000000003UFVO5" }, new { key = token } })
        {
            var (response, answer) = await anonymous.PostJsonAsync("/v1/keys/report-leak", body);
            response.StatusCode.Should().Be(HttpStatusCode.Accepted);
            answer!.ToJsonString().Should().Be("{\"received\":true}");
        }

        (await factory.WithToken(token).GetJsonAsync("/v1/me")).Response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task WhenThePolicySaysReportOnly_TheKeyKeepsWorking_ButTheLeakIsRecordedAndAnnounced()
    {
        var (org, owner, keyId, token) = await OrgWithKeyAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        await receiver.SubscribeAsync(owner, org, "api_key.leaked", "api_key.revoked");
        (await owner.PatchJsonAsync($"/v1/organizations/{org}", new { key_policy = new { revoke_leaked_keys = false } })).Response.StatusCode.Should().Be(HttpStatusCode.OK);

        (await factory.Anonymous().PostJsonAsync("/v1/keys/report-leak", new { key = token })).Response.StatusCode.Should().Be(HttpStatusCode.Accepted);
        (await factory.WithToken(token).GetJsonAsync("/v1/me")).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        var (_, audit) = await owner.GetJsonAsync($"/v1/organizations/{org}/audit-events?key_id={keyId}&action=api_key.leaked");
        audit!["audit_events"]!.AsArray().Should().ContainSingle();

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (receiver.Distinct().Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        await Task.Delay(500);
        receiver.Distinct().Select(e => e.Type).Should().Equal("api_key.leaked");
        receiver.Received.Should().OnlyContain(r => r.SignatureValid);
    }
}
