using System.Net;
using ApiKeys.Api.Tests.Harness;

namespace ApiKeys.Api.Tests.Audit;

/// <summary>Contract §3 over HTTP: an organization's audit events.</summary>
public class AuditEventsTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task AuditEvents_RecordEachChangeOnce_WithFilters()
    {
        var (org, owner, ownerId) = await factory.UserOrganizationAsync();
        var (_, key) = await owner.PostJsonAsync($"/v1/organizations/{org}/api-keys", new { name = "audited" });
        var keyId = key!["api_key"]!["id"]!.GetValue<string>();
        await owner.PatchJsonAsync($"/v1/organizations/{org}/api-keys/{keyId}", new { name = "renamed" });
        await owner.DeleteJsonAsync($"/v1/organizations/{org}/api-keys/{keyId}");

        var (_, all) = await owner.GetJsonAsync($"/v1/organizations/{org}/audit-events");
        var actions = all!["audit_events"]!.AsArray().Select(e => e!["action"]!.GetValue<string>()).ToList();
        actions.Should().Equal("organization.created", "api_key.created", "api_key.updated", "api_key.revoked");
        var first = all["audit_events"]![1]!.AsObject();
        first.Select(p => p.Key).Should().BeEquivalentTo("id", "organization_id", "action", "actor_type", "actor_id", "api_key_id", "target", "ip_address", "occurred_at");
        first["actor_type"]!.GetValue<string>().Should().Be("user");
        first["actor_id"]!.GetValue<string>().Should().Be(ownerId);

        var (_, byKey) = await owner.GetJsonAsync($"/v1/organizations/{org}/audit-events?key_id={keyId}&action=api_key.revoked");
        byKey!["audit_events"]!.AsArray().Should().ContainSingle();
        (await owner.GetJsonAsync($"/v1/organizations/{org}/audit-events?key_id=nope")).Response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }
}
