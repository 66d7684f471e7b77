using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ApiKeys.Api.Tests.Harness;

namespace ApiKeys.Api.Tests.Authorization;

/// <summary>
/// Contract §2 "power over a target", principal × action × target: every cell of <see cref="TargetMatrix"/> acts on
/// a fresh target and must answer the table's result; a refusal must change nothing and leave one denied event.
/// </summary>
public class TargetMatrixTests(MatrixFactory factory) : IClassFixture<MatrixFactory>
{
    [Fact]
    public async Task EveryCaller_OnWeakerEqualAndStrongerTargets_GetsTheResultOfTheTable()
    {
        var world = await TargetWorld.CreateAsync(factory);
        var mismatches = new List<string>();
        var cells = 0;
        foreach (var (caller, strength, expected) in TargetMatrix.Rows)
        {
            for (var action = 0; action < TargetMatrix.Actions.Count; action++)
            {
                if (expected[action] == "n/a")
                {
                    continue;
                }

                cells++;
                var actual = await world.RunAsync(caller, strength, action);
                if (actual != expected[action])
                {
                    mismatches.Add($"{TargetMatrix.Actions[action]} by {TargetMatrix.Callers[caller]} on {strength} target: expected {expected[action]}, got {actual}");
                }
            }
        }

        cells.Should().BeGreaterThan(100);
        if (mismatches.Count > 0)
        {
            Assert.Fail($"{mismatches.Count} of {cells} cells of the target matrix do not hold:\n{string.Join('\n', mismatches)}");
        }
    }

    [Fact]
    public void Document_MatchesTheTable()
    {
        var path = Path.Combine(Repository.Root(), TargetMatrix.DocumentPath);
        var rendered = TargetMatrix.ToMarkdown();
        if (Environment.GetEnvironmentVariable(TargetMatrix.UpdateVariable) == "1")
        {
            File.WriteAllText(path, rendered, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        }

        var current = File.Exists(path) ? File.ReadAllText(path).ReplaceLineEndings("\n") : string.Empty;
        current.Should().Be(rendered, $"{TargetMatrix.DocumentPath} must show the table the test checks; regenerate it with " +
            $"{TargetMatrix.UpdateVariable}=1 dotnet test tests/Api.Tests --filter \"FullyQualifiedName~Authorization\"");
    }

    /// <summary>The organization of the target matrix: apps A and B, one client per caller, and the owner that makes every target.</summary>
    private sealed class TargetWorld
    {
        private readonly ApiFactory _factory;
        private readonly Dictionary<TargetCaller, HttpClient> _callers = [];
        private int _counter;

        private TargetWorld(ApiFactory factory, string org, HttpClient owner)
        {
            _factory = factory;
            Org = $"/v1/organizations/{org}";
            Owner = owner;
        }

        private string Org { get; }

        private HttpClient Owner { get; }

        public static async Task<TargetWorld> CreateAsync(ApiFactory factory)
        {
            var owner = factory.WithToken(ApiFactory.UserJwt("target-owner-" + Guid.NewGuid().ToString("N")[..8]));
            var (_, organization) = await owner.PostJsonAsync("/v1/organizations", new { name = "Targets" });
            var world = new TargetWorld(factory, organization!["organization"]!["id"]!.GetValue<string>(), owner);
            await world.SetUpAsync();
            return world;
        }

        private async Task SetUpAsync()
        {
            foreach (var app in new[] { MatrixWorld.AppA, MatrixWorld.AppB })
            {
                (await Owner.PostJsonAsync($"{Org}/apps", new { app_id = app, name = app })).Response.StatusCode.Should().Be(HttpStatusCode.Created);
            }

            _callers[TargetCaller.OwnerUser] = Owner;
            _callers[TargetCaller.AdminKey] = _factory.WithToken((await CreateKeyAsync(new { name = "admin", org_role = "admin" })).Token);
            (await Owner.PutJsonAsync($"{Org}/members/target-admin", new { org_role = "admin", app_roles = Array.Empty<object>() })).Response.StatusCode.Should().Be(HttpStatusCode.OK);
            _callers[TargetCaller.AdminUser] = _factory.WithToken(ApiFactory.UserJwt("target-admin"));
            _callers[TargetCaller.ScopedManageKey] = _factory.WithToken((await CreateKeyAsync(TargetMatrix.ScopedManage)).Token);
            _callers[TargetCaller.LegacyAllOnAppA] = _factory.WithToken((await CreateKeyAsync(TargetMatrix.LegacyAllOnA)).Token);
            _callers[TargetCaller.MemberKey] = _factory.WithToken((await CreateKeyAsync(new { name = "member", org_role = "member" })).Token);
            _callers[TargetCaller.RateLimitedAdminKey] = _factory.WithToken((await CreateKeyAsync(TargetMatrix.RateLimitedAdmin)).Token);
        }

        /// <summary>Runs one cell on a fresh target; a refused action must leave the target as it was and one denied audit event.</summary>
        public async Task<string> RunAsync(TargetCaller caller, TargetStrength strength, int action)
        {
            var n = Interlocked.Increment(ref _counter);
            var client = _callers[caller];
            var (_, keySpec, memberSpec) = TargetMatrix.Targets[(caller, strength)];
            if (action >= 6)
            {
                var userId = $"target-member-{n}";
                (await Owner.PutJsonAsync($"{Org}/members/{userId}", memberSpec!)).Response.StatusCode.Should().Be(HttpStatusCode.OK);
                var before = (await Owner.GetJsonAsync($"{Org}/members?limit=200")).Body!["members"]!.ToJsonString();
                var (memberResponse, memberBody) = action == 6
                    ? await client.PutJsonAsync($"{Org}/members/{userId}", new { org_role = "none", app_roles = Array.Empty<object>() })
                    : await client.DeleteJsonAsync($"{Org}/members/{userId}");
                if (memberResponse.StatusCode == HttpStatusCode.Forbidden)
                {
                    (await Owner.GetJsonAsync($"{Org}/members?limit=200")).Body!["members"]!.ToJsonString().Should().Be(before, "a refused member change changes nothing");
                    if (IsEscalation(memberBody))
                    {
                        await ExpectOneDeniedAsync(action == 6 ? "member.roles_set.denied" : "member.removed.denied", target: userId);
                    }
                }

                return ((int)memberResponse.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            var (id, _) = await CreateKeyAsync(keySpec);
            var path = $"{Org}/api-keys/{id}";
            var keyBefore = (await Owner.GetJsonAsync(path)).Body!["api_key"]!.ToJsonString();
            if (action == 0)
            {
                var (read, body) = await client.GetJsonAsync(path);
                return read.StatusCode != HttpStatusCode.OK ? ((int)read.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture)
                    : body!["api_key"]!["key"] is JsonValue ? "shown" : "null";
            }

            var (response, responseBody) = action switch
            {
                1 => await client.PatchJsonAsync(path, new { name = $"renamed {n}" }),
                2 => await client.PatchJsonAsync(path, new { expires_at = DateTime.UtcNow.AddDays(1).ToString("O") }),
                3 => await client.PutJsonAsync($"{path}/roles", new { org_role = "none", app_roles = Array.Empty<object>() }),
                4 => await client.PostJsonAsync($"{path}/regenerate", new { }),
                _ => await client.DeleteJsonAsync(path),
            };
            if (response.StatusCode == HttpStatusCode.Forbidden)
            {
                (await Owner.GetJsonAsync(path)).Body!["api_key"]!.ToJsonString().Should().Be(keyBefore, "a refused key action changes nothing");
                if (IsEscalation(responseBody))
                {
                    var denied = action switch { 2 => "api_key.updated.denied", 3 => "api_key.roles_assigned.denied", 4 => "api_key.regenerated.denied", _ => "api_key.revoked.denied" };
                    await ExpectOneDeniedAsync(denied, keyId: id);
                }
            }

            return ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        // A 403 for a missing route permission is settled before any target is read; only a refusal over the target is audited.
        private static bool IsEscalation(JsonNode? body) => body?["code"]?.GetValue<string>() == "role_escalation";

        private async Task ExpectOneDeniedAsync(string action, string? keyId = null, string? target = null)
        {
            var query = keyId is null ? $"?action={action}&limit=200" : $"?action={action}&key_id={keyId}&limit=200";
            var events = (await Owner.GetJsonAsync($"{Org}/audit-events{query}")).Body!["audit_events"]!.AsArray();
            events.Count(e => target is null || e!["target"]?.GetValue<string>() == target).Should().Be(1, $"one {action} event");
        }

        private async Task<(string Id, string Token)> CreateKeyAsync(object body)
        {
            var (response, created) = await Owner.PostJsonAsync($"{Org}/api-keys", body);
            response.StatusCode.Should().Be(HttpStatusCode.Created, created?.ToJsonString());
            return (created!["api_key"]!["id"]!.GetValue<string>(), created["plaintext_api_key"]!.GetValue<string>());
        }
    }
}
