using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ApiKeys.Api.Tests.Harness;
using ApiKeys.Domain.Common;
using ApiKeys.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ApiKeys.Api.Tests.Webhooks;

/// <summary>
/// Contract §10 over HTTP with a real receiver: endpoints, every key lifecycle event delivered signed and exactly
/// once as the receiver sees it (deduplicated by webhook-id), retries after failures, no SSRF.
/// </summary>
public class WebhookTests(WebhookFactory factory) : IClassFixture<WebhookFactory>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private sealed record Org(string Id, HttpClient Owner)
    {
        public string Path => $"/v1/organizations/{Id}";
    }

    private async Task<Org> OrgAsync()
    {
        var (id, owner) = await factory.CreateOrganizationAsync("Hooks");
        return new Org(id, factory.WithToken(owner));
    }

    private static async Task<(string Id, string Secret)> SubscribeAsync(Org org, WebhookReceiver receiver, params string[] events)
    {
        var (response, body) = await org.Owner.PostJsonAsync($"{org.Path}/webhooks", new { url = receiver.Url, events, description = "test receiver" });
        response.StatusCode.Should().Be(HttpStatusCode.Created, body?.ToJsonString());
        var secret = body!["secret"]!.GetValue<string>();
        receiver.Secret = secret;
        return (body["webhook"]!["id"]!.GetValue<string>(), secret);
    }

    [Fact]
    public async Task CreatingAnEndpoint_ShowsItsSecretOnce()
    {
        var org = await OrgAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        var (id, secret) = await SubscribeAsync(org, receiver, "api_key.created");
        secret.Should().StartWith("whsec_");

        var (got, one) = await org.Owner.GetJsonAsync($"{org.Path}/webhooks/{id}");
        got.StatusCode.Should().Be(HttpStatusCode.OK);
        one!["webhook"]!.AsObject().Select(p => p.Key).Should().BeEquivalentTo("id", "organization_id", "url", "events", "description", "created_at");
        var (_, list) = await org.Owner.GetJsonAsync($"{org.Path}/webhooks");
        list!["webhooks"]!.AsArray().Should().ContainSingle();
        list.ToJsonString().Should().NotContain(secret["whsec_".Length..]);
        (await org.Owner.GetJsonAsync($"{org.Path}/webhooks/whk_nope")).Response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task EveryKeyLifecycleAction_IsDeliveredOnce_Signed_AndCarriesNoSecret()
    {
        var org = await OrgAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        await SubscribeAsync(org, receiver, "api_key.created", "api_key.updated", "api_key.regenerated", "api_key.revoked", "member.removed");

        var (_, created) = await org.Owner.PostJsonAsync($"{org.Path}/api-keys", new { name = "ci", secure = false, org_role = "member" });
        var keyId = created!["api_key"]!["id"]!.GetValue<string>();
        var tokens = new List<string> { created["plaintext_api_key"]!.GetValue<string>() };
        await org.Owner.PatchJsonAsync($"{org.Path}/api-keys/{keyId}", new { name = "ci renamed" });
        await org.Owner.PutJsonAsync($"{org.Path}/api-keys/{keyId}/roles", new { org_role = "admin", app_roles = Array.Empty<object>() });
        var (_, regenerated) = await org.Owner.PostJsonAsync($"{org.Path}/api-keys/{keyId}/regenerate", new { });
        tokens.Add(regenerated!["plaintext_api_key"]!.GetValue<string>());
        await org.Owner.DeleteJsonAsync($"{org.Path}/api-keys/{keyId}");
        await org.Owner.PutJsonAsync($"{org.Path}/members/leaver", new { org_role = "member", app_roles = Array.Empty<object>() });
        await org.Owner.DeleteJsonAsync($"{org.Path}/members/leaver");

        var events = await receiver.WaitForAsync(6, Patience);
        events.Select(e => e.Type).Should().BeEquivalentTo(
            ["api_key.created", "api_key.updated", "api_key.updated", "api_key.regenerated", "api_key.revoked", "member.removed"]);
        receiver.Received.Should().OnlyContain(r => r.SignatureValid, "every delivery is signed with the endpoint's secret");
        foreach (var e in events)
        {
            e.Json.AsObject().Select(p => p.Key).Should().BeEquivalentTo("id", "type", "timestamp", "data");
            e.Json["id"]!.GetValue<string>().Should().Be(e.Id);
            foreach (var token in tokens)
            {
                e.Body.Should().NotContain(token, "an event never carries a secret");
            }

            if (e.Type.StartsWith("api_key.", StringComparison.Ordinal))
            {
                e.Json["data"]!["api_key"]!["id"]!.GetValue<string>().Should().Be(keyId);
                e.Json["data"]!["api_key"]!["key"].Should().BeNull();
            }
        }

        // Nothing more arrives: each action was one event.
        await Task.Delay(1000);
        receiver.Distinct().Should().HaveCount(6);
    }

    [Fact]
    public async Task AReceiverThatFailsForAWhile_GetsEveryEventOnceItRecovers_AndDeliveriesShowTheAttempts()
    {
        var org = await OrgAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        var (webhookId, _) = await SubscribeAsync(org, receiver, "api_key.created");
        receiver.FailNext(4);
        for (var i = 0; i < 3; i++)
        {
            await org.Owner.PostJsonAsync($"{org.Path}/api-keys", new { name = $"k{i}" });
        }

        var events = await receiver.WaitForAsync(3, Patience);
        events.Should().HaveCount(3);
        receiver.Received.Count(r => r.Status == 503).Should().Be(4);

        var (_, deliveries) = await org.Owner.GetJsonAsync($"{org.Path}/webhooks/{webhookId}/deliveries");
        var rows = deliveries!["deliveries"]!.AsArray();
        rows.Should().HaveCount(3);
        rows.Should().OnlyContain(d => d!["status_code"]!.GetValue<int>() == 200 && d["delivered_at"] != null && d["next_attempt_at"] == null);
        rows.Sum(d => d!["attempt"]!.GetValue<int>()).Should().Be(7, "three deliveries, four failed attempts before them");
        rows[0]!.AsObject().Select(p => p.Key).Should().BeEquivalentTo("id", "event_type", "attempt", "status_code", "next_attempt_at", "delivered_at");

        // Each attempt is recorded: four 503s, then three 200s.
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var ids = rows.Select(d => WebhookMessageId.TryParse(d!["id"]!.GetValue<string>(), out var id) ? id : default).ToList();
        var attempts = await db.WebhookAttempts.Where(a => ids.Contains(a.DeliveryId)).ToListAsync();
        attempts.Select(a => a.StatusCode).Should().BeEquivalentTo(new int?[] { 503, 503, 503, 503, 200, 200, 200 });
    }

    [Fact]
    public async Task DeletingAnEndpoint_StopsItsDeliveries()
    {
        var org = await OrgAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        var (webhookId, _) = await SubscribeAsync(org, receiver, "api_key.created");
        await using var control = await WebhookReceiver.StartAsync();
        await SubscribeAsync(org, control, "api_key.created");
        (await org.Owner.DeleteJsonAsync($"{org.Path}/webhooks/{webhookId}")).Body!["deleted"]!.GetValue<bool>().Should().BeTrue();
        (await org.Owner.PostJsonAsync($"{org.Path}/api-keys", new { name = "unheard" })).Response.StatusCode.Should().Be(HttpStatusCode.Created);

        // The endpoint still subscribed hears the event: deliveries ran, and the deleted endpoint had none.
        (await control.WaitForAsync(1, Patience)).Should().ContainSingle();
        receiver.Received.Should().BeEmpty();
        await using var scope = factory.Services.CreateAsyncScope();
        var deleted = WebhookId.TryParse(webhookId, out var parsed) ? parsed : throw new InvalidOperationException(webhookId);
        (await scope.ServiceProvider.GetRequiredService<AppDbContext>().WebhookDeliveries.CountAsync(d => d.WebhookId == deleted, TestContext.Current.CancellationToken))
            .Should().Be(0, "no delivery is queued for a deleted endpoint");
        (await org.Owner.GetJsonAsync($"{org.Path}/webhooks/{webhookId}")).Response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("http://hooks.example.com/x", "https")]
    [InlineData("https://10.0.0.1/x", "private")]
    [InlineData("https://192.168.1.20/x", "private")]
    [InlineData("https://169.254.169.254/latest/meta-data", "private")]
    [InlineData("https://[::1]/x", "private")]
    [InlineData("https://localhost/x", "private")]
    [InlineData("ftp://hooks.example.com/x", "url")]
    [InlineData("https://user:pass@hooks.example.com/x", "url")]
    [InlineData("not a url", "url")]
    public async Task UnsafeUrls_AreRefused_AndNothingIsCreated(string url, string why)
    {
        var org = await OrgAsync();
        var (response, body) = await org.Owner.PostJsonAsync($"{org.Path}/webhooks", new { url, events = new[] { "api_key.created" } });
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, why);
        body!["details"]!.AsObject().Select(p => p.Key).Should().Contain("url");
        (await org.Owner.GetJsonAsync($"{org.Path}/webhooks")).Body!["webhooks"]!.AsArray().Should().BeEmpty();
    }

    [Theory]
    [InlineData("{\"url\": \"http://127.0.0.1:9/x\", \"events\": []}", "events")]
    [InlineData("{\"url\": \"http://127.0.0.1:9/x\", \"events\": [\"api_key.exploded\"]}", "events")]
    [InlineData("{\"events\": [\"api_key.created\"]}", "url")]
    public async Task BadInput_Is400(string json, string field)
    {
        var org = await OrgAsync();
        var (response, body) = await org.Owner.SendJsonAsync(HttpMethod.Post, $"{org.Path}/webhooks", json);
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        body!["details"]!.AsObject().Select(p => p.Key).Should().Contain(field);
    }

    [Fact]
    public async Task OnlyOrgSettingsHolders_ManageWebhooks()
    {
        var org = await OrgAsync();
        var (_, member) = await org.Owner.PostJsonAsync($"{org.Path}/api-keys", new { name = "m", org_role = "member" });
        var client = factory.WithToken(member!["plaintext_api_key"]!.GetValue<string>());
        (await client.PostJsonAsync($"{org.Path}/webhooks", new { url = "http://127.0.0.1:9/x", events = new[] { "api_key.created" } })).Response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await client.GetJsonAsync($"{org.Path}/webhooks")).Response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var (_, other) = await factory.CreateOrganizationAsync("Other");
        (await factory.WithToken(other).GetJsonAsync($"{org.Path}/webhooks")).Response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }
}
