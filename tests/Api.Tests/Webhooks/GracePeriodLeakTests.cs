using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ApiKeys.Api.Tests.Harness;

namespace ApiKeys.Api.Tests.Webhooks;

/// <summary>
/// Contract §10, "A leaked previous secret": reporting the secret a regeneration replaced, while its grace period
/// runs, ends that grace at once and nothing else (the key and its current secret keep working), and the
/// <c>api_key.leaked</c> event says <c>"secret": "previous"</c>. A key holds at most one previous secret, and the
/// regeneration's answer shows when it stops working (<c>previous_secret_expires_at</c>).
/// </summary>
public class GracePeriodLeakTests(WebhookFactory factory) : IClassFixture<WebhookFactory>
{
    private static string Keys(string org) => $"/v1/organizations/{org}/api-keys";

    [Theory]
    [InlineData("report-leak")]
    [InlineData("github")]
    public async Task ALeakedPreviousSecret_EndsItsGraceAtOnce_AndTheKeyKeepsWorking(string route)
    {
        var (org, owner) = await OrganizationAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        await receiver.SubscribeAsync(owner, org, "api_key.leaked", "api_key.revoked");
        var (keyId, previous) = await CreateKeyAsync(owner, org);
        var current = await RegenerateAsync(owner, org, keyId, graceSeconds: 3600);
        (await MeAsync(previous)).Should().Be(HttpStatusCode.OK, "in its grace period, and now warm in the cache");
        (await MeAsync(current)).Should().Be(HttpStatusCode.OK);

        await ReportAsync(route, previous);

        (await MeAsync(previous)).Should().Be(HttpStatusCode.Unauthorized, "its grace ended at once, cached or not");
        (await MeAsync(current)).Should().Be(HttpStatusCode.OK, "the current secret is not the one that leaked");
        var key = (await owner.GetJsonAsync($"{Keys(org)}/{keyId}")).Body!["api_key"]!;
        key["is_active"]!.GetValue<bool>().Should().BeTrue();
        key["revoked_at"].Should().BeNull();
        key["previous_secret_expires_at"].Should().BeNull("no grace is left");

        var leaked = (await receiver.WaitForAsync(1, TimeSpan.FromSeconds(20))).Should().ContainSingle().Which;
        leaked.Type.Should().Be("api_key.leaked");
        leaked.Json["data"]!["secret"]!.GetValue<string>().Should().Be("previous");
        leaked.Json["data"]!["api_key"]!["id"]!.GetValue<string>().Should().Be(keyId);
        leaked.Body.Should().NotContain(previous).And.NotContain(current);
        await Task.Delay(500);
        receiver.Distinct().Select(e => e.Type).Should().Equal(["api_key.leaked"], "nothing was revoked");

        // The current secret leaking afterwards is a leak of the key: revoked, and said so.
        await ReportAsync(route, current);
        (await MeAsync(current)).Should().Be(HttpStatusCode.Unauthorized);
        var events = await receiver.WaitForAsync(3, TimeSpan.FromSeconds(20));
        events.Where(e => e.Type == "api_key.leaked").Select(e => e.Json["data"]!["secret"]!.GetValue<string>()).Should().BeEquivalentTo("previous", "current");
    }

    [Fact]
    public async Task RegeneratingAgainDuringAGrace_EndsTheEarlierOne_AndTheAnswerShowsTheNewGraceEnd()
    {
        var (org, owner) = await OrganizationAsync();
        var (keyId, first) = await CreateKeyAsync(owner, org);
        (await owner.GetJsonAsync($"{Keys(org)}/{keyId}")).Body!["api_key"]!["previous_secret_expires_at"].Should().BeNull("no regeneration yet");

        var before = DateTimeOffset.UtcNow;
        var (secondAnswer, second) = await RegenerateWithAnswerAsync(owner, org, keyId, graceSeconds: 3600);
        GraceEnd(secondAnswer).Should().BeOnOrAfter(Truncated(before.AddSeconds(3600))).And.BeOnOrBefore(DateTimeOffset.UtcNow.AddSeconds(3600));
        (await MeAsync(first)).Should().Be(HttpStatusCode.OK, "in its grace period");

        before = DateTimeOffset.UtcNow;
        var (thirdAnswer, third) = await RegenerateWithAnswerAsync(owner, org, keyId, graceSeconds: 60);
        GraceEnd(thirdAnswer).Should().BeOnOrAfter(Truncated(before.AddSeconds(60))).And.BeOnOrBefore(DateTimeOffset.UtcNow.AddSeconds(60), "the one grace left is the new one");
        (await MeAsync(first)).Should().Be(HttpStatusCode.Unauthorized, "a key holds at most one previous secret");
        (await MeAsync(second)).Should().Be(HttpStatusCode.OK);
        (await MeAsync(third)).Should().Be(HttpStatusCode.OK);
        GraceEnd((await owner.GetJsonAsync($"{Keys(org)}/{keyId}")).Body!).Should().Be(GraceEnd(thirdAnswer));

        var (noGrace, _) = await RegenerateWithAnswerAsync(owner, org, keyId, graceSeconds: 0);
        noGrace["api_key"]!["previous_secret_expires_at"].Should().BeNull("without a grace period every earlier secret stops at once");
        (await MeAsync(second)).Should().Be(HttpStatusCode.Unauthorized);
        (await MeAsync(third)).Should().Be(HttpStatusCode.Unauthorized);
    }

    private static DateTimeOffset GraceEnd(JsonNode answer) =>
        DateTimeOffset.Parse(answer["api_key"]!["previous_secret_expires_at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);

    // Times are written to the millisecond or coarser; compare from the whole second below.
    private static DateTimeOffset Truncated(DateTimeOffset time) => time.AddTicks(-(time.Ticks % TimeSpan.TicksPerSecond));

    private async Task ReportAsync(string route, string token)
    {
        if (route == "github")
        {
            var bytes = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new[] { new { token, type = "apikeys_live_token", url = "https://github.com/someone/repo/blob/main/.env", source = "content" } }));
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/secret-scanning/github") { Content = new ByteArrayContent(bytes) };
            request.Content.Headers.ContentType = new("application/json");
            request.Headers.Add("Github-Public-Key-Identifier", WebhookFactory.GitHubKeyId);
            request.Headers.Add("Github-Public-Key-Signature", factory.SignForGitHub(bytes));
            var response = await factory.CreateClient().SendAsync(request, TestContext.Current.CancellationToken);
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement[0].GetProperty("label").GetString()
                .Should().Be("true_positive");
            return;
        }

        (await factory.Anonymous().PostJsonAsync("/v1/keys/report-leak", new { key = token })).Response.StatusCode.Should().Be(HttpStatusCode.Accepted);
    }

    private async Task<HttpStatusCode> MeAsync(string token) =>
        (await factory.WithToken(token).GetAsync("/v1/me", TestContext.Current.CancellationToken)).StatusCode;

    private async Task<(string Org, HttpClient Owner)> OrganizationAsync()
    {
        var (org, ownerToken) = await factory.CreateOrganizationAsync("Grace");
        return (org, factory.WithToken(ownerToken));
    }

    private static async Task<(string Id, string Token)> CreateKeyAsync(HttpClient owner, string org)
    {
        var (response, created) = await owner.PostJsonAsync(Keys(org), new { name = "rotating", org_role = "member" });
        response.StatusCode.Should().Be(HttpStatusCode.Created, created?.ToJsonString());
        return (created!["api_key"]!["id"]!.GetValue<string>(), created["plaintext_api_key"]!.GetValue<string>());
    }

    private static async Task<string> RegenerateAsync(HttpClient owner, string org, string keyId, int graceSeconds) =>
        (await RegenerateWithAnswerAsync(owner, org, keyId, graceSeconds)).Token;

    private static async Task<(JsonNode Answer, string Token)> RegenerateWithAnswerAsync(HttpClient owner, string org, string keyId, int graceSeconds)
    {
        var (response, body) = await owner.PostJsonAsync($"{Keys(org)}/{keyId}/regenerate", new { grace_period_seconds = graceSeconds });
        response.StatusCode.Should().Be(HttpStatusCode.OK, body?.ToJsonString());
        return (body!, body!["plaintext_api_key"]!.GetValue<string>());
    }
}
