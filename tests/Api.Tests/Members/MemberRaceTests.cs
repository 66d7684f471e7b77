using System.Net;
using System.Text.Json.Nodes;
using ApiKeys.Api.Tests.Harness;

namespace ApiKeys.Api.Tests.Members;

/// <summary>
/// Contract §2 under concurrency: a key created by a member while that member is removed or lowered is revoked with
/// it, or its creation fails; so are keys created through the member's keys. The removal or demotion is sent once the
/// first creation has answered, so every trial has both created keys and creations racing with it.
/// </summary>
public class MemberRaceTests(RaceFactory factory) : IClassFixture<RaceFactory>
{
    private const int Trials = 6;
    private const int Creators = 12;

    private static readonly (HttpStatusCode, string?)[] CreationRefusals =
    [
        (HttpStatusCode.Conflict, "concurrent_update"), (HttpStatusCode.NotFound, null), (HttpStatusCode.Forbidden, null), (HttpStatusCode.Unauthorized, null),
    ];

    [Fact]
    public async Task KeysCreatedWhileTheirCreatorIsRemoved_AreRevokedWithIt()
    {
        var created = new List<string>();
        await Race.RunAsync(Trials, async trial =>
        {
            var (org, owner, admin, _) = await ArrangeAdminAsync(trial);
            return WhileCreating(org, [.. Enumerable.Repeat(admin, Creators)], created, ("remove", () => owner.DeleteJsonAsync($"/v1/organizations/{org}/members/{AdminId(trial)}")));
        }, async outcome =>
        {
            outcome.ShouldHaveSucceeded("remove").ShouldHaveSucceeded("create").ShouldOnlyBeRefusedWith("create", CreationRefusals);
            await ShouldAllBeRevokedAsync(created, outcome);
            created.Clear();
        });
    }

    [Fact]
    public async Task KeysCreatedWhileTheirCreatorIsDemoted_DirectlyOrThroughItsKey_AreRevokedWithTheKeyItMade()
    {
        var created = new List<string>();
        await Race.RunAsync(Trials, async trial =>
        {
            var (org, owner, admin, madeWhileAdmin) = await ArrangeAdminAsync(trial);
            created.Add(madeWhileAdmin);
            var viaKey = factory.WithToken(madeWhileAdmin);
            HttpClient[] creators = [.. Enumerable.Range(0, Creators).Select(i => i % 2 == 0 ? admin : viaKey)];
            return WhileCreating(org, creators, created,
                ("demote", () => owner.PutJsonAsync($"/v1/organizations/{org}/members/{AdminId(trial)}", new { org_role = "member", app_roles = Array.Empty<object>() })));
        }, async outcome =>
        {
            outcome.ShouldHaveSucceeded("demote").ShouldHaveSucceeded("create").ShouldOnlyBeRefusedWith("create", CreationRefusals);
            // Every key of the member's tree is org_admin, which org_member does not cover: none may work.
            await ShouldAllBeRevokedAsync(created, outcome);
            created.Clear();
        });
    }

    [Fact]
    public async Task AKeyOfTheDemotedMember_SettingKeepKeysInTheRace_SurvivesOnlyIfThePolicyWasSetFirst()
    {
        string org = "", key = "";
        HttpClient owner = null!;
        await Race.RunAsync(Trials * 2, async trial =>
        {
            (org, owner, _, key) = await ArrangeAdminAsync(trial);
            var viaKey = factory.WithToken(key);
            return
            [
                new RaceOperation("demote", () => owner.PutJsonAsync($"/v1/organizations/{org}/members/{AdminId(trial)}", new { org_role = "member", app_roles = Array.Empty<object>() })),
                new RaceOperation("keep keys", () => viaKey.PatchJsonAsync($"/v1/organizations/{org}", new { key_policy = new { keep_keys_of_removed_members = true } })),
            ];
        }, async outcome =>
        {
            outcome.ShouldOnlyBeRefusedWith("demote", (HttpStatusCode.Conflict, "concurrent_update"));
            var alive = (await factory.WithToken(key).GetAsync("/v1/me", TestContext.Current.CancellationToken)).StatusCode == HttpStatusCode.OK;
            var (_, organization) = await owner.GetJsonAsync($"/v1/organizations/{org}");
            var kept = organization!["organization"]?["key_policy"]?["keep_keys_of_removed_members"]?.GetValue<bool>()
                ?? organization["key_policy"]!["keep_keys_of_removed_members"]!.GetValue<bool>();
            if (outcome.Successes("demote") == 1 && alive)
            {
                kept.Should().BeTrue($"an org_admin key of a member lowered to org_member survives only under the policy set before the demotion ({outcome.Summary})");
                outcome.Successes("keep keys").Should().Be(1, outcome.Summary);
            }
        });
    }

    [Fact]
    public async Task LoweringAMember_RevokesTheKeysItsNewRolesDoNotCover_Transitively_KeepsTheOthers_AndThePolicyKeepsThemAll()
    {
        var (org, owner, admin, adminKey) = await ArrangeAdminAsync(100);
        var child = await CreateKeyAsync(factory.WithToken(adminKey), org, "admin");
        var memberKey = await CreateKeyAsync(admin, org, "member");
        (await owner.PutJsonAsync($"/v1/organizations/{org}/members/{AdminId(100)}", new { org_role = "member", app_roles = Array.Empty<object>() })).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await StatusOfAsync(adminKey)).Should().Be(HttpStatusCode.Unauthorized, "org_member does not cover the org_admin key it made while admin");
        (await StatusOfAsync(child!)).Should().Be(HttpStatusCode.Unauthorized, "nor the key that key made");
        (await StatusOfAsync(memberKey!)).Should().Be(HttpStatusCode.OK, "its org_member key is covered by its new role");

        var (org2, owner2, admin2, adminKey2) = await ArrangeAdminAsync(101);
        (await owner2.PatchJsonAsync($"/v1/organizations/{org2}", new { key_policy = new { keep_keys_of_removed_members = true } })).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await owner2.PutJsonAsync($"/v1/organizations/{org2}/members/{AdminId(101)}", new { org_role = "member", app_roles = Array.Empty<object>() })).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await StatusOfAsync(adminKey2)).Should().Be(HttpStatusCode.OK, "keep_keys_of_removed_members keeps the keys of a lowered member too");
        _ = admin2;
    }

    [Fact]
    public async Task RemovingAMember_RevokesTheKeysItsKeysCreated()
    {
        var (org, owner, _, adminKey) = await ArrangeAdminAsync(102);
        var child = await CreateKeyAsync(factory.WithToken(adminKey), org, "member");
        var grandchild = await CreateKeyAsync(factory.WithToken(child!), org, "member");
        (await owner.DeleteJsonAsync($"/v1/organizations/{org}/members/{AdminId(102)}")).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        foreach (var token in new[] { adminKey, child!, grandchild! })
        {
            (await StatusOfAsync(token)).Should().Be(HttpStatusCode.Unauthorized);
        }
    }

    private string AdminId(int trial) => $"race-admin-{GetHashCode():x}-{trial}";

    /// <summary>An organization owned by a user, with an org_admin member (JWT) and one org_admin key that member made.</summary>
    private async Task<(string Org, HttpClient Owner, HttpClient Admin, string AdminKey)> ArrangeAdminAsync(int trial)
    {
        var (org, owner, _) = await factory.UserOrganizationAsync();
        (await owner.PutJsonAsync($"/v1/organizations/{org}/members/{AdminId(trial)}", new { org_role = "admin", app_roles = Array.Empty<object>() })).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        var admin = factory.WithToken(ApiFactory.UserJwt(AdminId(trial)));
        var key = await CreateKeyAsync(admin, org, "admin");
        key.Should().NotBeNull();
        return (org, owner, admin, key!);
    }

    /// <summary>Each creator creates an org_admin key; <paramref name="change"/> starts once the first creation has answered.</summary>
    private static List<RaceOperation> WhileCreating(string org, IReadOnlyList<HttpClient> creators, List<string> created, (string Name, Func<Task<(HttpResponseMessage, JsonNode?)>> Send) change)
    {
        var firstAnswered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var operations = creators.Select((creator, i) => new RaceOperation("create", async () =>
        {
            var answer = await creator.PostJsonAsync($"/v1/organizations/{org}/api-keys", new { name = $"raced {i}", org_role = "admin" });
            if (answer.Body?["plaintext_api_key"]?.GetValue<string>() is { } token)
            {
                lock (created)
                {
                    created.Add(token);
                }
            }

            firstAnswered.TrySetResult();
            return answer;
        })).ToList();
        operations.Add(new RaceOperation(change.Name, async () =>
        {
            await firstAnswered.Task;
            return await change.Send();
        }));
        return operations;
    }

    private async Task ShouldAllBeRevokedAsync(IEnumerable<string> tokens, RaceOutcome outcome)
    {
        foreach (var token in tokens)
        {
            (await StatusOfAsync(token)).Should().Be(HttpStatusCode.Unauthorized, $"a key made by the member, directly or through its key, goes with its power ({outcome.Summary})");
        }
    }

    private async Task<HttpStatusCode> StatusOfAsync(string token) =>
        (await factory.WithToken(token).GetAsync("/v1/me", TestContext.Current.CancellationToken)).StatusCode;

    private static async Task<string?> CreateKeyAsync(HttpClient creator, string org, string role)
    {
        var (_, body) = await creator.PostJsonAsync($"/v1/organizations/{org}/api-keys", new { name = $"{role} key", org_role = role });
        return body?["plaintext_api_key"]?.GetValue<string>();
    }
}
