using System.Net;
using ApiKeys.Api.Tests.Harness;
using ApiKeys.Api.Tests.Webhooks;
using ApiKeys.Domain.Common;
using ApiKeys.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ApiKeys.Api.Tests.Members;

/// <summary>
/// Contract §2, removing a member whose keys are revoked with it (saved in bulk): every key it made, directly or
/// through its keys, stops at once on this node although it was cached, has no digest or previous secret left, is in
/// the change feed, audited once and evented once; keys of others are untouched.
/// </summary>
public class MemberRemovalTests(WebhookFactory factory) : IClassFixture<WebhookFactory>
{
    [Fact]
    public async Task RemovingAMember_RevokesEveryKeyItMade_AtOnce_Fed_AuditedAndEventedEach()
    {
        var (org, owner, _) = await factory.UserOrganizationAsync();
        const string leaving = "leaving-admin";
        (await owner.PutJsonAsync($"/v1/organizations/{org}/members/{leaving}", new { org_role = "admin", app_roles = Array.Empty<object>() })).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        var member = factory.WithToken(ApiFactory.UserJwt(leaving));

        await using var receiver = await WebhookReceiver.StartAsync();
        await receiver.SubscribeAsync(owner, org, "api_key.revoked");

        var made = new List<(string Id, string Token)>();
        for (var i = 0; i < 12; i++)
        {
            made.Add(await member.CreateKeyAsync(org, new { name = $"made {i}", org_role = i % 3 == 0 ? "admin" : "member" }));
        }

        // Handed down further: a key made by one of the member's keys goes too.
        made.Add(await factory.WithToken(made[0].Token).CreateKeyAsync(org, new { name = "grandchild", org_role = "member" }));
        var others = await owner.CreateKeyAsync(org, new { name = "the owner's", org_role = "member" });

        foreach (var (_, token) in made.Append(others))
        {
            (await factory.WithToken(token).GetJsonAsync("/v1/me")).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        (await owner.DeleteJsonAsync($"/v1/organizations/{org}/members/{leaving}")).Response.StatusCode.Should().Be(HttpStatusCode.OK);

        foreach (var (id, token) in made)
        {
            (await factory.WithToken(token).GetJsonAsync("/v1/me")).Response.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "the node's cached copy went with the revocation");
            var (_, key) = await owner.GetJsonAsync($"/v1/organizations/{org}/api-keys/{id}");
            key!["api_key"]!["revoked_at"]!.GetValue<string>().Should().NotBeNullOrEmpty();
        }

        (await factory.WithToken(others.Token).GetJsonAsync("/v1/me")).Response.StatusCode.Should().Be(HttpStatusCode.OK);

        var ids = made.Select(m => ApiKeyId.TryParse(m.Id, out var id) ? id : throw new FormatException(m.Id)).ToList();
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var rows = await db.ApiKeys.AsNoTracking().Where(k => ids.Contains(k.Id)).ToListAsync();
        rows.Should().OnlyContain(k => k.RevokedAt != null && k.Secret.SecretDigest == null && k.Secret.PreviousKeyPrefix == null, "a revoked key keeps no digest and no grace period");
        (await db.KeyChanges.Where(c => ids.Contains(c.ApiKeyId)).Select(c => c.ApiKeyId).Distinct().CountAsync()).Should().Be(ids.Count, "every node evicts them");
        var audited = await db.AuditEvents.Where(a => a.Action == "api_key.revoked" && a.Target == leaving).Select(a => a.ApiKeyId).ToListAsync();
        audited.Should().BeEquivalentTo(made.Select(m => m.Id), "one audit event a key");

        var events = await receiver.WaitForAsync(made.Count, TimeSpan.FromSeconds(20));
        events.Where(e => e.Type == "api_key.revoked").Select(e => e.Json["data"]!["api_key"]!["id"]!.GetValue<string>()).Should().BeEquivalentTo(made.Select(m => m.Id));
    }
}
