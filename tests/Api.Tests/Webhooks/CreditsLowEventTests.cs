using System.Net;
using ApiKeys.Api.Tests.Harness;

namespace ApiKeys.Api.Tests.Webhooks;

/// <summary>
/// Contract §10's <c>api_key.credits_low</c>: raised when a verify leaves a key's credits at or below 10 % of what was
/// granted, once per grant however many verifies race past the line, and again after the credits are set again.
/// </summary>
public sealed class CreditsLowEventTests(WebhookFactory factory) : IClassFixture<WebhookFactory>
{
    // What the old copy of the wait allowed: 100 polls of 100 ms.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task CreditsLow_IsRaisedOncePerGrant_UnderConcurrentVerifies()
    {
        var ct = TestContext.Current.CancellationToken;
        var (org, ownerToken) = await factory.CreateOrganizationAsync("Credits low");
        var owner = factory.WithToken(ownerToken);
        await using var receiver = await WebhookReceiver.StartAsync();
        await receiver.SubscribeAsync(owner, org, "api_key.credits_low");
        var (_, paid) = await owner.PostJsonAsync($"/v1/organizations/{org}/api-keys", new { name = "paid", org_role = "member", credits = new { remaining = 40 } });
        var paidToken = paid!["plaintext_api_key"]!.GetValue<string>();
        var paidId = paid["api_key"]!["id"]!.GetValue<string>();
        var (_, verifier) = await owner.PostJsonAsync($"/v1/organizations/{org}/api-keys", new { name = "verifier", org_role = "admin", scopes = new[] { "apikey.verify" } });
        var service = factory.WithToken(verifier!["plaintext_api_key"]!.GetValue<string>());

        async Task<int> VerifyAsync(int times) =>
            (await Task.WhenAll(Enumerable.Range(0, times).Select(async _ =>
            {
                var (response, body) = await service.PostJsonAsync("/v1/keys/verify", new { key = paidToken });
                response.StatusCode.Should().Be(HttpStatusCode.OK);
                return body!["valid"]!.GetValue<bool>() ? 1 : 0;
            }))).Sum();

        // 35 taken: 5 left of 40, past the 10 % line (4) only with the last ones, all at once.
        (await VerifyAsync(31)).Should().Be(31);
        await Task.Delay(500, ct);
        receiver.Distinct().Should().BeEmpty("9 of 40 left is not low");
        (await VerifyAsync(8)).Should().Be(8);
        (await receiver.WaitForAsync(1, Patience)).Should().ContainSingle();
        (await VerifyAsync(5)).Should().Be(1, "one credit was left");
        await Task.Delay(800, ct);

        var first = receiver.Distinct().Should().ContainSingle("raised once for the grant, whatever the races").Subject;
        first.Type.Should().Be("api_key.credits_low");
        first.SignatureValid.Should().BeTrue();
        first.Json["data"]!["api_key"]!["id"]!.GetValue<string>().Should().Be(paidId);
        first.Json["data"]!["api_key"]!["credits"]!["remaining"]!.GetValue<long>().Should().BeLessThanOrEqualTo(4);
        first.Json.ToJsonString().Should().NotContain(paidToken[16..], "never a secret");

        // The event's api_key object is the API's (governance fields included), not a shorter copy of it.
        var (_, shown) = await owner.GetJsonAsync($"/v1/organizations/{org}/api-keys/{paidId}");
        var apiKey = shown!["api_key"]!.AsObject();
        first.Json["data"]!["api_key"]!.AsObject().Select(p => p.Key).Should().BeEquivalentTo(apiKey.Select(p => p.Key));
        first.Json["data"]!["api_key"]!["rate_limits"]!.ToJsonString().Should().Be(apiKey["rate_limits"]!.ToJsonString());

        // Set again: a new grant, low again at 10 % of it, raised again.
        (await owner.PatchJsonAsync($"/v1/organizations/{org}/api-keys/{paidId}", new { credits = new { remaining = 10 } })).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await VerifyAsync(8)).Should().Be(8);
        await Task.Delay(500, ct);
        receiver.Distinct().Should().HaveCount(1, "2 of 10 left is not low");
        (await VerifyAsync(1)).Should().Be(1);
        (await receiver.WaitForAsync(2, Patience)).Select(e => e.Type).Should().Equal("api_key.credits_low", "api_key.credits_low");
    }
}
