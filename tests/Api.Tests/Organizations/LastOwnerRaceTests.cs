using System.Net;
using ApiKeys.Api.Tests.Harness;

namespace ApiKeys.Api.Tests.Organizations;

/// <summary>
/// Contract §2: an organization always keeps an owner, under concurrent requests. Owners demote, remove and revoke
/// each other all at once; whatever interleaving the database picks, at least one owner principal remains, and in
/// every trial some of the changes went through (the race happened). Runs on SQLite and, in CI's second pass, on PostgreSQL.
/// </summary>
public class LastOwnerRaceTests(RaceFactory factory) : IClassFixture<RaceFactory>
{
    private const int Trials = 10;

    [Fact]
    public async Task TwentyParallelDemotionsRemovalsAndRevocations_NeverLeaveTheOrganizationWithoutAnOwner()
    {
        string org = "";
        var users = new List<string>();
        var keys = new List<(string Id, string Token)>();

        await Race.RunAsync(Trials, async trial =>
        {
            (org, users, keys) = await ArrangeOwnersAsync(trial);
            return Operations(org, users, keys);
        }, async outcome =>
        {
            // Refusals are the contract's: the last owner (409), a concurrent change or a key revoked a moment before (409), or a caller
            // that was itself demoted, removed or revoked a moment before (403, 404, 401).
            (HttpStatusCode, string?)[] refusals =
            [
                (HttpStatusCode.Conflict, "last_owner"), (HttpStatusCode.Conflict, "concurrent_update"), (HttpStatusCode.Conflict, "api_key_revoked"),
                (HttpStatusCode.Forbidden, null), (HttpStatusCode.NotFound, null), (HttpStatusCode.Unauthorized, null),
            ];
            foreach (var name in new[] { "demote member", "remove member", "revoke key", "re-role key" })
            {
                outcome.ShouldOnlyBeRefusedWith(name, refusals);
            }

            // Any serial order of the twenty lets several through before the last owner stops the rest; concurrent losers may take the others.
            outcome.ShouldHaveSucceededAtLeast(1);
            (await CountOwnersAsync(org, users, keys)).Should().BeGreaterThanOrEqualTo(1, $"an organization always keeps an owner ({outcome.Summary})");
        });
    }

    /// <summary>Five owner members (the creator and four more) and five owner keys: ten owner principals.</summary>
    private async Task<(string Org, List<string> Users, List<(string Id, string Token)> Keys)> ArrangeOwnersAsync(int trial)
    {
        var creator = $"race-{trial}-owner-0";
        var first = factory.WithToken(ApiFactory.UserJwt(creator));
        var (_, created) = await first.PostJsonAsync("/v1/organizations", new { name = $"Race {trial}" });
        var org = $"/v1/organizations/{created!["organization"]!["id"]!.GetValue<string>()}";
        var users = Enumerable.Range(0, 5).Select(i => $"race-{trial}-owner-{i}").ToList();
        foreach (var user in users.Skip(1))
        {
            (await first.PutJsonAsync($"{org}/members/{user}", new { org_role = "owner", app_roles = Array.Empty<object>() })).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        var keys = new List<(string Id, string Token)>();
        for (var i = 0; i < 5; i++)
        {
            var (_, key) = await first.PostJsonAsync($"{org}/api-keys", new { name = $"owner key {i}", org_role = "owner" });
            keys.Add((key!["api_key"]!["id"]!.GetValue<string>(), key["plaintext_api_key"]!.GetValue<string>()));
        }

        return (org, users, keys);
    }

    /// <summary>Each owner principal acts on two others: twenty requests that, all applied, would leave no owner.</summary>
    private List<RaceOperation> Operations(string org, List<string> users, List<(string Id, string Token)> keys)
    {
        var callers = users.Select(u => factory.WithToken(ApiFactory.UserJwt(u))).Concat(keys.Select(k => factory.WithToken(k.Token))).ToList();
        var actions = new List<(string Name, Func<HttpClient, Task<(HttpResponseMessage, System.Text.Json.Nodes.JsonNode?)>> Send)>();
        foreach (var user in users)
        {
            actions.Add(("demote member", c => c.PutJsonAsync($"{org}/members/{user}", new { org_role = "admin", app_roles = Array.Empty<object>() })));
            actions.Add(("remove member", c => c.DeleteJsonAsync($"{org}/members/{user}")));
        }

        foreach (var (id, _) in keys)
        {
            actions.Add(("revoke key", c => c.DeleteJsonAsync($"{org}/api-keys/{id}")));
            actions.Add(("re-role key", c => c.PutJsonAsync($"{org}/api-keys/{id}/roles", new { org_role = "admin", app_roles = Array.Empty<object>() })));
        }

        return actions.Select((action, i) => new RaceOperation(action.Name, () => action.Send(callers[(i + 3) % callers.Count]))).ToList();
    }

    /// <summary>Owners as the service itself would see them: members with org_owner, and owner keys that still authenticate as owners.</summary>
    private async Task<int> CountOwnersAsync(string org, IReadOnlyList<string> users, IReadOnlyList<(string Id, string Token)> keys)
    {
        var owners = 0;
        foreach (var user in users)
        {
            var (response, me) = await factory.WithToken(ApiFactory.UserJwt(user)).GetJsonAsync($"/v1/me?organization_id={org["/v1/organizations/".Length..]}");
            owners += response.StatusCode == HttpStatusCode.OK && me!["org_role"]!.GetValue<string>() is "owner" or "org_owner" ? 1 : 0;
        }

        foreach (var (_, token) in keys)
        {
            var (response, me) = await factory.WithToken(token).GetJsonAsync("/v1/me");
            owners += response.StatusCode == HttpStatusCode.OK && me!["org_role"]!.GetValue<string>() is "owner" or "org_owner" ? 1 : 0;
        }

        return owners;
    }
}
