using System.Net;
using System.Text.Json.Nodes;
using ApiKeys.Api.Tests.Harness;
using ApiKeys.Api.Tests.Webhooks;
using ApiKeys.Domain.Common;
using ApiKeys.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ApiKeys.Api.Tests.Apps;

/// <summary>
/// Contract §2, deleting an app bound by keys of every kind: keys that only hold roles on it lose those roles (changed
/// in bulk, grouped by their roles), its project keys are revoked, other keys are untouched; each changed key is
/// served changed at once (this node's cache), is in the change feed (other nodes) and has its webhook event.
/// </summary>
public class AppDeletionTests(WebhookFactory factory) : IClassFixture<WebhookFactory>
{
    private const string Deleted = "com.gone.app";
    private const string Kept = "com.kept.app";

    [Fact]
    public async Task DeletingAnApp_TakesItsRolesFromEveryKey_RevokesItsProjectKeys_AndEachChangeIsServedFedAndEvented()
    {
        var (org, ownerKey) = await factory.CreateOrganizationAsync("Deletion");
        var owner = factory.WithToken(ownerKey);
        foreach (var app in new[] { Deleted, Kept })
        {
            (await owner.PostJsonAsync($"/v1/organizations/{org}/apps", new { app_id = app, name = app })).Response.StatusCode.Should().Be(HttpStatusCode.Created);
        }

        await using var receiver = await WebhookReceiver.StartAsync();
        await receiver.SubscribeAsync(owner, org, "api_key.updated", "api_key.revoked");

        // Three groups of roles naming the app (so more than one bulk statement), project keys, and keys not naming it.
        var onlyDeleted = await KeysAsync(owner, org, 6, new { name = "reader", org_role = "none", app_roles = new[] { new { app_id = Deleted, role = "app_reader" } } });
        var adminOfDeleted = await KeysAsync(owner, org, 4, new { name = "admin", org_role = "none", app_roles = new[] { new { app_id = Deleted, role = "app_admin" } } });
        var both = await KeysAsync(owner, org, 5, new { name = "both", org_role = "none", app_roles = new[] { new { app_id = Deleted, role = "app_reader" }, new { app_id = Kept, role = "app_developer" } } });
        var projects = await KeysAsync(owner, org, 3, new { name = "project", org_role = "none", app_roles = new[] { new { app_id = Deleted, role = "app_admin" } }, project_id = Deleted });
        var others = await KeysAsync(owner, org, 3, new { name = "other", org_role = "none", app_roles = new[] { new { app_id = Kept, role = "app_reader" } } });

        // Every key is served once, so its node has it cached when the app goes.
        foreach (var (_, token) in onlyDeleted.Concat(adminOfDeleted).Concat(both).Concat(projects).Concat(others))
        {
            (await factory.WithToken(token).GetJsonAsync("/v1/me")).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        var othersBefore = await UpdatedAtAsync(owner, org, others);
        (await owner.DeleteJsonAsync($"/v1/organizations/{org}/apps/{Deleted}")).Response.StatusCode.Should().Be(HttpStatusCode.OK);

        foreach (var (id, token) in onlyDeleted.Concat(adminOfDeleted))
        {
            (await KeyAsync(owner, org, id))["app_roles"]!.AsArray().Should().BeEmpty();
            var (response, me) = await factory.WithToken(token).GetJsonAsync("/v1/me");
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            me!["app_roles"]!.AsArray().Should().BeEmpty("the node's cached copy went with the change");
        }

        foreach (var (id, token) in both)
        {
            var roles = (await KeyAsync(owner, org, id))["app_roles"]!.AsArray();
            roles.Select(r => r!["app_id"]!.GetValue<string>()).Should().Equal(Kept);
            var (_, me) = await factory.WithToken(token).GetJsonAsync("/v1/me");
            me!["app_roles"]!.AsArray().Select(r => r!["app_id"]!.GetValue<string>()).Should().Equal(Kept);
        }

        foreach (var (id, token) in projects)
        {
            (await KeyAsync(owner, org, id))["revoked_at"]!.GetValue<string>().Should().NotBeNullOrEmpty();
            (await factory.WithToken(token).GetJsonAsync("/v1/me")).Response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }

        (await UpdatedAtAsync(owner, org, others)).Should().Equal(othersBefore, "keys not naming the app are not touched");
        var (_, kept) = await owner.GetJsonAsync($"/v1/organizations/{org}/api-keys?app_id={Kept}&limit=100");
        kept!["api_keys"]!.AsArray().Select(k => k!["id"]!.GetValue<string>()).Should().BeEquivalentTo(both.Concat(others).Select(k => k.Id), "the index rows of the kept app stay");

        var unbound = onlyDeleted.Concat(adminOfDeleted).Concat(both).Select(k => k.Id).ToList();
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var changedIds = unbound.Concat(projects.Select(p => p.Id)).Select(id => ApiKeyId.TryParse(id, out var parsed) ? parsed : throw new FormatException(id)).ToList();
        var fed = await db.KeyChanges.Where(c => changedIds.Contains(c.ApiKeyId)).Select(c => c.ApiKeyId).Distinct().CountAsync();
        fed.Should().Be(changedIds.Count, "every changed key is in the change feed, so every node evicts it");
        (await db.ApiKeyAppLinks.CountAsync(l => l.AppId == Deleted && changedIds.Contains(l.ApiKeyId))).Should().Be(projects.Count, "only the revoked project keys still name the app");

        var events = await receiver.WaitForAsync(unbound.Count + projects.Count, TimeSpan.FromSeconds(20));
        KeyIdsOf(events, "api_key.updated").Should().BeEquivalentTo(unbound);
        KeyIdsOf(events, "api_key.revoked").Should().BeEquivalentTo(projects.Select(p => p.Id));
    }

    private static async Task<List<(string Id, string Token)>> KeysAsync(HttpClient owner, string org, int count, object body)
    {
        var keys = new List<(string Id, string Token)>();
        for (var i = 0; i < count; i++)
        {
            keys.Add(await owner.CreateKeyAsync(org, body));
        }

        return keys;
    }

    private static async Task<JsonNode> KeyAsync(HttpClient owner, string org, string id)
    {
        var (response, body) = await owner.GetJsonAsync($"/v1/organizations/{org}/api-keys/{id}");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return body!["api_key"]!;
    }

    private static async Task<List<string>> UpdatedAtAsync(HttpClient owner, string org, IEnumerable<(string Id, string Token)> keys)
    {
        var updated = new List<string>();
        foreach (var (id, _) in keys)
        {
            updated.Add((await KeyAsync(owner, org, id))["updated_at"]!.GetValue<string>());
        }

        return updated;
    }

    private static List<string> KeyIdsOf(IReadOnlyList<ReceivedWebhook> events, string type) =>
        [.. events.Where(e => e.Type == type).Select(e => e.Json["data"]!["api_key"]!["id"]!.GetValue<string>())];
}
