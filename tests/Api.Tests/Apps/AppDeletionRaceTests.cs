using System.Net;
using ApiKeys.Api.Tests.Harness;

namespace ApiKeys.Api.Tests.Apps;

/// <summary>
/// Contract §2 under concurrency: a binding to an app made while the app is deleted (a key created with a role on it,
/// a project key, a key re-roled onto it, a member set with a role on it) is removed with it or fails; an app
/// re-created under the same id starts with no grants. The deletion is sent once the first binding has answered, so
/// every trial has both bindings made and bindings racing with it. Checked with real requests after re-creation.
/// </summary>
public class AppDeletionRaceTests(RaceFactory factory) : IClassFixture<RaceFactory>
{
    private const int Trials = 6;
    private const string AppId = "com.race.app";

    [Fact]
    public async Task BindingsMadeWhileTheAppIsDeleted_HoldNothingOnTheAppReCreatedUnderItsId()
    {
        var principals = new List<HttpClient>();
        string org = "";
        HttpClient owner = null!;
        await Race.RunAsync(Trials, async trial =>
        {
            principals.Clear();
            (org, owner, _) = await factory.UserOrganizationAsync();
            var keys = $"/v1/organizations/{org}/api-keys";
            (await owner.PostJsonAsync($"/v1/organizations/{org}/apps", new { app_id = AppId, name = "Raced" })).Response.StatusCode.Should().Be(HttpStatusCode.Created);
            var appAdmin = new[] { new { app_id = AppId, role = "admin" } };

            // Keys to re-role (no roles yet) and users to set, made before the race.
            var plain = new List<(string Id, string Token)>();
            for (var i = 0; i < 3; i++)
            {
                var (_, key) = await owner.PostJsonAsync(keys, new { name = $"plain {i}", org_role = "none" });
                plain.Add((key!["api_key"]!["id"]!.GetValue<string>(), key["plaintext_api_key"]!.GetValue<string>()));
            }

            var users = Enumerable.Range(0, 3).Select(i => $"app-race-{trial}-{Guid.NewGuid():N}"[..40] + i).ToList();
            principals.AddRange(plain.Select(p => factory.WithToken(p.Token)));
            principals.AddRange(users.Select(u => factory.WithToken(ApiFactory.UserJwt(u))));

            var firstAnswered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var bindings = new List<RaceOperation>();
            void Bind(string name, Func<Task<(HttpResponseMessage, System.Text.Json.Nodes.JsonNode?)>> send) => bindings.Add(new RaceOperation(name, async () =>
            {
                var answer = await send();
                if (answer.Item2?["plaintext_api_key"]?.GetValue<string>() is { } token)
                {
                    lock (principals)
                    {
                        principals.Add(factory.WithToken(token));
                    }
                }

                firstAnswered.TrySetResult();
                return answer;
            }));
            for (var i = 0; i < 4; i++)
            {
                Bind("create key", () => owner.PostJsonAsync(keys, new { name = "app admin", org_role = "none", app_roles = appAdmin }));
            }

            for (var i = 0; i < 3; i++)
            {
                Bind("create project key", () => owner.PostJsonAsync(keys, new { name = "project", org_role = "none", app_roles = appAdmin, project_id = AppId }));
            }

            foreach (var (id, _) in plain)
            {
                Bind("re-role key", () => owner.PutJsonAsync($"{keys}/{id}/roles", new { org_role = "none", app_roles = appAdmin }));
            }

            foreach (var user in users)
            {
                Bind("set member", () => owner.PutJsonAsync($"/v1/organizations/{org}/members/{user}", new { org_role = "none", app_roles = appAdmin }));
            }

            bindings.Add(new RaceOperation("delete app", async () =>
            {
                await firstAnswered.Task;
                return await owner.DeleteJsonAsync($"/v1/organizations/{org}/apps/{AppId}");
            }));
            return bindings;
        }, async outcome =>
        {
            outcome.ShouldHaveSucceeded("delete app");
            outcome.Results.Where(r => r.Name != "delete app").Count(r => r.Succeeded).Should().BeGreaterThan(0, $"some bindings are made before the deletion ({outcome.Summary})");
            foreach (var name in new[] { "create key", "create project key", "re-role key", "set member" })
            {
                outcome.ShouldOnlyBeRefusedWith(name, (HttpStatusCode.NotFound, "app_not_found"), (HttpStatusCode.BadRequest, null), (HttpStatusCode.Conflict, "concurrent_update"));
            }

            (await owner.PostJsonAsync($"/v1/organizations/{org}/apps", new { app_id = AppId, name = "Re-created" })).Response.StatusCode.Should().Be(HttpStatusCode.Created);
            foreach (var principal in principals)
            {
                (await principal.GetJsonAsync($"/v1/organizations/{org}/apps/{AppId}")).Response.StatusCode
                    .Should().NotBe(HttpStatusCode.OK, $"no key or member holds a role on the re-created app ({outcome.Summary})");
            }

            var (_, members) = await owner.GetJsonAsync($"/v1/organizations/{org}/members");
            members!["members"]!.AsArray().SelectMany(m => m!["app_roles"]!.AsArray()).Should().BeEmpty(outcome.Summary);
        });
    }

    /// <summary>
    /// The bulk removal reads the bound keys' roles, then writes each group's roles without the app: a key re-roled in
    /// between (onto another app only, so it does not wait for the app's row) must keep what its re-role set, or the
    /// deletion must fail. Many filler keys bound to the app come first, so the re-roles land while the removal runs.
    /// </summary>
    [Fact]
    public async Task AKeyReRoledWhileTheAppsRolesAreRemovedInBulk_KeepsItsNewRoles()
    {
        const string Other = "com.race.other";
        var trials = new Dictionary<int, (HttpClient Owner, string Keys, List<string> Raced)>();
        await Race.RunAsync(Trials, async trial =>
        {
            var (org, owner, _) = await factory.UserOrganizationAsync();
            var keys = $"/v1/organizations/{org}/api-keys";
            foreach (var app in new[] { AppId, Other })
            {
                (await owner.PostJsonAsync($"/v1/organizations/{org}/apps", new { app_id = app, name = app })).Response.StatusCode.Should().Be(HttpStatusCode.Created);
            }

            var fillers = Enumerable.Range(0, 500).Select(i => new
            {
                name = $"filler {i}",
                hash = new { algorithm = "sha256", value = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(Guid.NewGuid().ToByteArray())) },
                org_role = "none",
                app_roles = new[] { new { app_id = AppId, role = "app_reader" } },
            });
            (await owner.PostJsonAsync($"{keys}/import", new { keys = fillers })).Response.StatusCode.Should().Be(HttpStatusCode.Created);

            var raced = new List<string>();
            for (var i = 0; i < 8; i++)
            {
                var (_, key) = await owner.PostJsonAsync(keys, new { name = $"raced {i}", org_role = "none", app_roles = new[] { new { app_id = AppId, role = "app_admin" }, new { app_id = Other, role = "app_admin" } } });
                raced.Add(key!["api_key"]!["id"]!.GetValue<string>());
            }

            var operations = new List<RaceOperation> { new("delete app", () => owner.DeleteJsonAsync($"/v1/organizations/{org}/apps/{AppId}")) };
            operations.AddRange(raced.Select((id, i) => new RaceOperation("re-role key", async () =>
            {
                // Spread over the removal's run rather than all before its read.
                await Task.Delay(i * 5);
                return await owner.PutJsonAsync($"{keys}/{id}/roles", new { org_role = "none", app_roles = new[] { new { app_id = Other, role = "app_reader" } } });
            })));
            trials[trial] = (owner, keys, raced);
            return operations;
        }, async outcome =>
        {
            outcome.ShouldOnlyBeRefusedWith("delete app", (HttpStatusCode.Conflict, "concurrent_update"));
            outcome.ShouldOnlyBeRefusedWith("re-role key", (HttpStatusCode.Conflict, "concurrent_update"));
            var (owner, keys, raced) = trials[outcome.Trial];
            var reRoles = outcome.Of("re-role key").ToList();
            for (var i = 0; i < raced.Count; i++)
            {
                var (_, body) = await owner.GetJsonAsync($"{keys}/{raced[i]}");
                var roles = body!["api_key"]!["app_roles"]!.AsArray().Select(r => $"{r!["app_id"]}={r["role"]}").ToList();
                if (reRoles[i].Succeeded)
                {
                    roles.Should().Equal([$"{Other}=app_reader"], $"key {i} was re-roled and nothing changed it after ({outcome.Summary})");
                }
                else if (outcome.Successes("delete app") == 1)
                {
                    roles.Should().Equal([$"{Other}=app_admin"], $"key {i} lost only the deleted app ({outcome.Summary})");
                }
            }
        });
    }
}
