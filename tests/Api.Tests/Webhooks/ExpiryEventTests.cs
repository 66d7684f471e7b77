using System.Net;
using ApiKeys.Api.Tests.Harness;

namespace ApiKeys.Api.Tests.Webhooks;

/// <summary>Contract §10: <c>api_key.expiring</c> (7 days, 1 day before) and <c>api_key.expired</c>, once per key and threshold.</summary>
public class ExpiryEventTests(ExpiryClockFactory factory) : IClassFixture<ExpiryClockFactory>
{
    [Fact]
    public async Task ExpiringAndExpiredEvents_AreRaisedOncePerThreshold()
    {
        var (org, ownerToken) = await factory.CreateOrganizationAsync("Expiry");
        var owner = factory.WithToken(ownerToken);
        await using var receiver = await WebhookReceiver.StartAsync();
        await receiver.SubscribeAsync(owner, org, "api_key.expiring", "api_key.expired");

        var (_, week) = await owner.PostJsonAsync($"/v1/organizations/{org}/api-keys", new { name = "in five days", expires_at = factory.Later(TimeSpan.FromDays(5)) });
        var (_, soon) = await owner.PostJsonAsync($"/v1/organizations/{org}/api-keys", new { name = "in three seconds", expires_at = factory.Later(TimeSpan.FromSeconds(3)) });
        await owner.PostJsonAsync($"/v1/organizations/{org}/api-keys", new { name = "in a month", expires_at = factory.Later(TimeSpan.FromDays(30)) });
        var weekId = week!["api_key"]!["id"]!.GetValue<string>();
        var soonId = soon!["api_key"]!["id"]!.GetValue<string>();

        // Time moves only when the test moves it: a second at a time, each step giving the expiry scan and the
        // deliveries (which tick on that clock) a moment of real time to run.
        for (var step = 0; step < 100 && receiver.Distinct().Count < 3; step++)
        {
            await StepAsync();
        }

        // A few more scans: nothing is raised twice.
        for (var step = 0; step < 5; step++)
        {
            await StepAsync();
        }

        var events = receiver.Distinct().Select(e => (e.Type, Key: e.Json["data"]!["api_key"]!["id"]!.GetValue<string>())).ToList();
        events.Should().BeEquivalentTo([("api_key.expiring", weekId), ("api_key.expiring", soonId), ("api_key.expired", soonId)]);
        receiver.Received.Should().OnlyContain(r => r.SignatureValid);
        (await owner.GetJsonAsync($"/v1/organizations/{org}/api-keys/{soonId}")).Response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private async Task StepAsync()
    {
        factory.Clock.Advance(TimeSpan.FromSeconds(1));
        await Task.Delay(150);
    }
}
