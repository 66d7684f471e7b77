using System.Net;
using ApiKeys.Api.Tests.Harness;

namespace ApiKeys.Api.Tests.Organizations;

/// <summary>
/// Contract §2: an organization always keeps an owner, under concurrent requests. Owners demote, remove and revoke
/// each other all at once; whatever interleaving the database picks, at least one owner principal remains. Runs on
/// SQLite and, in CI's second pass, on PostgreSQL.
/// </summary>
public class LastOwnerRaceTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const int Trials = 10;

    [Fact]
    public async Task TwentyParallelDemotionsRemovalsAndRevocations_NeverLeaveTheOrganizationWithoutAnOwner()
    {
        for (var trial = 0; trial < Trials; trial++)
        {
            await RunTrialAsync(trial);
        }
    }

    private async Task RunTrialAsync(int trial)
    {
        // Five owner members (the creator and four more) and five owner keys: ten owner principals.
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

        // Each owner principal acts on two others: twenty requests that, all applied, would leave no owner.
        var callers = users.Select(u => factory.WithToken(ApiFactory.UserJwt(u))).Concat(keys.Select(k => factory.WithToken(k.Token))).ToList();
        var actions = new List<Func<HttpClient, Task<(HttpResponseMessage Response, System.Text.Json.Nodes.JsonNode? Body)>>>();
        foreach (var user in users)
        {
            actions.Add(c => c.PutJsonAsync($"{org}/members/{user}", new { org_role = "admin", app_roles = Array.Empty<object>() }));
            actions.Add(c => c.DeleteJsonAsync($"{org}/members/{user}"));
        }

        foreach (var (id, _) in keys)
        {
            actions.Add(c => c.DeleteJsonAsync($"{org}/api-keys/{id}"));
            actions.Add(c => c.PutJsonAsync($"{org}/api-keys/{id}/roles", new { org_role = "admin", app_roles = Array.Empty<object>() }));
        }

        using var start = new SemaphoreSlim(0);
        var requests = actions.Select(async (action, i) =>
        {
            await start.WaitAsync(TestContext.Current.CancellationToken);
            return await action(callers[(i + 3) % callers.Count]);
        }).ToList();
        start.Release(requests.Count);
        var results = await Task.WhenAll(requests);

        // Refusals are the contract's: the last owner (409), a concurrent change or a key revoked a moment before (409), or a caller that was itself
        // demoted, removed or revoked a moment before (403, 404, 401). Never a 500.
        results.Should().OnlyContain(r => (int)r.Response.StatusCode < 500, $"trial {trial}");
        string[] conflicts = ["last_owner", "concurrent_update", "api_key_revoked"];
        // A trial may see no 409 at all (every loser refused with 403/404/401): only the codes of those there are are checked.
        results.Where(r => r.Response.StatusCode == HttpStatusCode.Conflict).Select(r => r.Body!["code"]!.GetValue<string>())
            .Where(code => !conflicts.Contains(code)).Should().BeEmpty($"trial {trial}");

        var owners = await CountOwnersAsync(org, users, keys);
        owners.Should().BeGreaterThanOrEqualTo(1, $"trial {trial}: an organization always keeps an owner");
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
