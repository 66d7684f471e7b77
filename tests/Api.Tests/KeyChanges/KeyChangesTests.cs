using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using ApiKeys.Api.Tests.Harness;

namespace ApiKeys.Api.Tests.KeyChanges;

/// <summary>Contract §5: <c>GET …/key-changes?after&amp;wait</c>, the feed that remote verify caches follow.</summary>
public class KeyChangesTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static string Changes(string org) => $"/v1/organizations/{org}/key-changes";

    private async Task<(string Org, HttpClient Owner, HttpClient Verifier)> NewOrgAsync()
    {
        var (org, ownerKey) = await factory.CreateOrganizationAsync();
        var owner = factory.WithToken(ownerKey);
        var (_, verifier) = await owner.CreateKeyAsync(org, new { name = "verifier", org_role = "admin", scopes = new[] { "apikey.verify" } });
        return (org, owner, factory.WithToken(verifier));
    }


    private static async Task<string> CursorNowAsync(HttpClient verifier, string org)
    {
        string? cursor = null;
        while (true)
        {
            var (response, body) = await verifier.GetJsonAsync(Changes(org) + (cursor is null ? "" : $"?after={cursor}"));
            response.StatusCode.Should().Be(HttpStatusCode.OK, body?.ToJsonString());
            cursor = body!["cursor"]!.GetValue<string>();
            if (body["changes"]!.AsArray().Count == 0)
            {
                return cursor;
            }
        }
    }

    [Fact]
    public async Task Revocation_AppearsOnce_WithItsKeyAndPrefix_AndTheCursorMovesPastIt()
    {
        var (org, owner, verifier) = await NewOrgAsync();
        var (id, secret) = await owner.CreateKeyAsync(org, new { name = "doomed", org_role = "member" });
        var cursor = await CursorNowAsync(verifier, org);

        (await owner.DeleteJsonAsync($"/v1/organizations/{org}/api-keys/{id}")).Response.StatusCode.Should().Be(HttpStatusCode.OK);

        var (response, body) = await verifier.GetJsonAsync($"{Changes(org)}?after={cursor}");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var changes = body!["changes"]!.AsArray();
        changes.Should().HaveCount(1);
        var change = changes[0]!.AsObject();
        change.Select(p => p.Key).Should().Equal("key_id", "key_prefix", "change", "at");
        change["key_id"]!.GetValue<string>().Should().Be(id);
        change["key_prefix"]!.GetValue<string>().Should().Be(secret[..16]);
        change["change"]!.GetValue<string>().Should().Be("revoked");
        change["at"]!.GetValue<string>().Should().EndWith("Z");
        body["cursor"]!.GetValue<string>().Should().NotBe(cursor);

        var (_, after) = await verifier.GetJsonAsync($"{Changes(org)}?after={body["cursor"]}");
        after!["changes"]!.AsArray().Should().BeEmpty("each change is answered once");
        body.ToJsonString().Should().NotContain(secret, "never a secret");
    }

    [Fact]
    public async Task EveryAuthenticationChange_IsInTheFeed_OldestFirst()
    {
        var (org, owner, verifier) = await NewOrgAsync();
        var (id, _) = await owner.CreateKeyAsync(org, new { name = "changing", org_role = "member" });
        var cursor = await CursorNowAsync(verifier, org);
        var keys = $"/v1/organizations/{org}/api-keys/{id}";

        (await owner.PutJsonAsync($"{keys}/roles", new { org_role = "none", app_roles = Array.Empty<object>() })).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await owner.PatchJsonAsync(keys, new { expires_at = DateTime.UtcNow.AddDays(3).ToString("O") })).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await owner.PostJsonAsync($"{keys}/regenerate", new { })).Response.StatusCode.Should().Be(HttpStatusCode.OK);

        var (_, body) = await verifier.GetJsonAsync($"{Changes(org)}?after={cursor}");
        var changes = body!["changes"]!.AsArray();
        changes.Should().HaveCount(3, body.ToJsonString());
        changes.Select(c => c!["key_id"]!.GetValue<string>()).Should().AllBe(id);
        changes.Select(c => c!["change"]!.GetValue<string>()).Should().AllBe("updated");
        changes.Select(c => DateTimeOffset.Parse(c!["at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)).Should().BeInAscendingOrder();
    }

    [Fact]
    public async Task LongPoll_AnswersAsSoonAsAKeyIsRevoked()
    {
        var (org, owner, verifier) = await NewOrgAsync();
        // Several trials, the slowest reported: one lucky wake-up cannot pass the rule.
        var delays = new List<double>();
        for (var trial = 0; trial < 3; trial++)
        {
            var (id, _) = await owner.CreateKeyAsync(org, new { name = $"watched {trial}", org_role = "member" });
            var cursor = await CursorNowAsync(verifier, org);

            var poll = verifier.GetJsonAsync($"{Changes(org)}?after={cursor}&wait=20");
            await Task.Delay(500, TestContext.Current.CancellationToken);
            poll.IsCompleted.Should().BeFalse($"trial {trial}: nothing changed yet, the answer is held");

            var revokedAt = Stopwatch.StartNew();
            (await owner.DeleteJsonAsync($"/v1/organizations/{org}/api-keys/{id}")).Response.StatusCode.Should().Be(HttpStatusCode.OK);
            var (response, body) = await poll;
            revokedAt.Stop();

            response.StatusCode.Should().Be(HttpStatusCode.OK);
            body!["changes"]!.AsArray().Select(c => c!["key_id"]!.GetValue<string>()).Should().Equal([id], $"trial {trial}");
            delays.Add(revokedAt.Elapsed.TotalSeconds);
        }

        var report = $"long poll answered after a revocation within max {delays.Max() * 1000:F0} ms over {delays.Count} trials";
        TestContext.Current.TestOutputHelper?.WriteLine(report);
        delays.Max().Should().BeLessThan(2.0, "a revocation reaches followers within 2 s: " + report);
    }

    [Fact]
    public async Task LongPoll_WithNothingNew_AnswersEmptyWhenTheWaitEnds()
    {
        var (org, _, verifier) = await NewOrgAsync();
        var cursor = await CursorNowAsync(verifier, org);

        var clock = Stopwatch.StartNew();
        var (response, body) = await verifier.GetJsonAsync($"{Changes(org)}?after={cursor}&wait=1");
        clock.Stop();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        body!["changes"]!.AsArray().Should().BeEmpty();
        body["cursor"]!.GetValue<string>().Should().NotBeNullOrEmpty();
        clock.Elapsed.Should().BeGreaterThan(TimeSpan.FromMilliseconds(900)).And.BeLessThan(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task AnotherOrganizationsChanges_AreNeverShown()
    {
        var (org, _, verifier) = await NewOrgAsync();
        var cursor = await CursorNowAsync(verifier, org);
        var (otherOrg, otherOwnerKey) = await factory.CreateOrganizationAsync("Other");
        var otherOwner = factory.WithToken(otherOwnerKey);
        var (otherId, _) = await otherOwner.CreateKeyAsync(otherOrg, new { name = "theirs", org_role = "member" });
        (await otherOwner.DeleteJsonAsync($"/v1/organizations/{otherOrg}/api-keys/{otherId}")).Response.StatusCode.Should().Be(HttpStatusCode.OK);

        var (_, body) = await verifier.GetJsonAsync($"{Changes(org)}?after={cursor}");
        body!["changes"]!.AsArray().Should().BeEmpty();
        (await verifier.GetJsonAsync(Changes(otherOrg))).Response.StatusCode.Should().Be(HttpStatusCode.NotFound, "another organization is 404, never 403");
    }

    [Fact]
    public async Task NeedsACallerHoldingApiKeyVerify()
    {
        var (org, owner, _) = await NewOrgAsync();
        (await factory.Anonymous().GetJsonAsync(Changes(org))).Response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        var (_, member) = await owner.CreateKeyAsync(org, new { name = "member", org_role = "member" });
        var (forbidden, body) = await factory.WithToken(member).GetJsonAsync(Changes(org));
        forbidden.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        body!["code"]!.GetValue<string>().Should().Be("forbidden");

        var (_, manager) = await owner.CreateKeyAsync(org, new { name = "manager", org_role = "admin", scopes = new[] { "apikey.manage" } });
        (await factory.WithToken(manager).GetJsonAsync(Changes(org))).Response.StatusCode.Should().Be(HttpStatusCode.Forbidden, "apikey.manage is not apikey.verify");
        (await owner.GetJsonAsync(Changes(org))).Response.StatusCode.Should().Be(HttpStatusCode.OK, "org_owner holds apikey.verify");
    }

    [Theory]
    [InlineData("after=not-a-cursor", "after")]
    [InlineData("after=%25%25", "after")]
    [InlineData("after=MTcwMDAwMDAwMDAwMHxrZXlfeA", "after")]
    [InlineData("wait=0", "wait")]
    [InlineData("wait=31", "wait")]
    [InlineData("wait=abc", "wait")]
    [InlineData("wait=-1", "wait")]
    public async Task BadParameters_Are400NamingTheField(string query, string field)
    {
        var (org, _, verifier) = await NewOrgAsync();
        var (response, body) = await verifier.GetJsonAsync($"{Changes(org)}?{query}");
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, body?.ToJsonString());
        body!["code"]!.GetValue<string>().Should().Be("validation_failed");
        body["details"]!.AsObject().Select(p => p.Key).Should().Contain(field);
    }
}
