using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using ApiKeys.Api.Tests.Harness;
using ApiKeys.Domain.Authorization;

namespace ApiKeys.Api.Tests.Authorization;

/// <summary>
/// A property of the whole service (contract §2): random sequences of actions by random principals (keys and members
/// of random roles, scopes, projects and legacy modes) never leave any principal holding a permission that the
/// principal who granted it, or who obtained its secret, did not hold at that moment. Each principal's power is
/// read from the service itself: a key's through verify (per app), a member's from <c>/v1/me</c>.
/// </summary>
public class NoEscalationPropertyTests(MatrixFactory factory) : IClassFixture<MatrixFactory>
{
    private const int Sequences = 60;
    private const int StepsPerSequence = 15;
    private static readonly string[] Apps = ["com.prop.a", "com.prop.b"];
    private static readonly string[] Users = ["prop-u1", "prop-u2", "prop-u3", "prop-u4"];

    [Fact]
    public async Task RandomSequencesOfAllowedActions_NeverHandOutPowerTheActorDidNotHold()
    {
        var violations = new List<string>();
        var allowed = 0;
        var started = System.Diagnostics.Stopwatch.StartNew();
        for (var seed = 1; seed <= Sequences; seed++)
        {
            var world = await PropertyWorld.CreateAsync(factory, seed);
            for (var step = 0; step < StepsPerSequence; step++)
            {
                allowed += await world.StepAsync(violations) ? 1 : 0;
            }
        }

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{Sequences} sequences × {StepsPerSequence} steps: {allowed} actions allowed, {PropertyWorld.Checks} power checks, {started.Elapsed.TotalSeconds:F1} s");
        allowed.Should().BeGreaterThan(Sequences * StepsPerSequence / 6, "enough of the random actions are allowed for the property to mean something");
        violations.Should().BeEmpty();
    }

    /// <summary>A (scope, permission) pair: <c>com.prop.a:app.read</c>; org permissions appear under each app.</summary>
    private sealed class PropertyWorld
    {
        private readonly ApiFactory _factory;
        private readonly Random _random;
        private readonly int _seed;
        private readonly string _org;
        private readonly HttpClient _verifier;
        private readonly List<(string Id, string Token)> _keys = [];
        private int _counter;

        /// <summary>How many grants and takeovers were checked, over every sequence.</summary>
        public static int Checks { get; private set; }

        private PropertyWorld(ApiFactory factory, int seed, string org, HttpClient verifier)
        {
            _factory = factory;
            _random = new Random(seed);
            _seed = seed;
            _org = org;
            _verifier = verifier;
        }

        private string Path => $"/v1/organizations/{_org}";

        public static async Task<PropertyWorld> CreateAsync(ApiFactory factory, int seed)
        {
            var (org, ownerToken) = await factory.CreateOrganizationAsync($"Property {seed}");
            var owner = factory.WithToken(ownerToken);
            foreach (var app in Apps)
            {
                await owner.PostJsonAsync($"/v1/organizations/{org}/apps", new { app_id = app, name = app });
            }

            var (_, verifier) = await owner.PostJsonAsync($"/v1/organizations/{org}/api-keys", new { name = "verifier", org_role = "admin", scopes = new[] { "apikey.verify" } });
            var world = new PropertyWorld(factory, seed, org, factory.WithToken(verifier!["plaintext_api_key"]!.GetValue<string>()));
            world._keys.Add(((await owner.GetJsonAsync("/v1/me")).Body!["id"]!.GetValue<string>(), ownerToken));

            // A varied population to start from, so that weak and strong principals meet from the first step: plain
            // keys of every org role, app roles, scopes, a project and every legacy mode; members of every org role.
            object[] population =
            [
                new { name = "p-admin", secure = false, org_role = "admin" },
                new { name = "p-member", secure = false, org_role = "member" },
                new { name = "p-owner", secure = false, org_role = "owner" },
                new { name = "p-app", secure = false, org_role = "none", app_roles = new[] { new { app_id = Apps[0], role = "admin" } } },
                new { name = "p-scoped", secure = false, org_role = "admin", scopes = new[] { "apikey.read", "apikey.manage", "org.update_user_roles", "app.read" } },
                new { name = "p-project", secure = false, org_role = "admin", project_id = Apps[1] },
                new { name = "p-all-a", mode = "all", limited_to_apps = new[] { Apps[0] } },
                new { name = "p-write", mode = "write", limited_to_apps = Array.Empty<string>() },
                new { name = "p-read", mode = "read", limited_to_apps = Array.Empty<string>() },
            ];
            foreach (var spec in population)
            {
                var (_, made) = await owner.PostJsonAsync($"/v1/organizations/{org}/api-keys", spec);
                world._keys.Add((made!["api_key"]!["id"]!.GetValue<string>(), made["plaintext_api_key"]!.GetValue<string>()));
            }

            string[] memberRoles = ["owner", "admin", "member", "none"];
            for (var i = 0; i < Users.Length; i++)
            {
                var appRoles = i == 3 ? new[] { new { app_id = Apps[0], role = "admin" } } : [];
                await owner.PutJsonAsync($"/v1/organizations/{org}/members/{Users[i]}", new { org_role = memberRoles[i], app_roles = appRoles });
            }

            return world;
        }

        /// <returns>Whether the service allowed the action.</returns>
        public async Task<bool> StepAsync(List<string> violations)
        {
            var n = ++_counter;
            var (actorName, actor) = PickActor();
            var actorPower = await PowerOfAsync(actor);
            var kind = _random.Next(7);
            string what;
            HashSet<string>? handedOut = null;
            HashSet<string>? takenOver = null;
            bool ok;
            switch (kind)
            {
                case 0:
                {
                    var spec = RandomKeySpec(n);
                    var (response, body) = await actor.Client.PostJsonAsync($"{Path}/api-keys", spec);
                    what = $"create key {JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(spec))!.ToJsonString()}";
                    ok = response.StatusCode == HttpStatusCode.Created;
                    if (ok)
                    {
                        var key = (body!["api_key"]!["id"]!.GetValue<string>(), body["plaintext_api_key"]!.GetValue<string>());
                        _keys.Add(key);
                        handedOut = await KeyPowerAsync(key.Item2);
                    }

                    break;
                }

                case 1:
                {
                    var user = Users[_random.Next(Users.Length)];
                    var before = await UserPowerAsync(user);
                    var roles = RandomRoles();
                    var (response, _) = await actor.Client.PutJsonAsync($"{Path}/members/{user}", roles);
                    what = $"set member {user} {JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(roles))!.ToJsonString()}";
                    ok = response.StatusCode == HttpStatusCode.OK;
                    if (ok)
                    {
                        handedOut = await UserPowerAsync(user);
                        takenOver = before;
                    }

                    break;
                }

                case 2 when _keys.Count > 0:
                {
                    var index = _random.Next(_keys.Count);
                    var before = await KeyPowerAsync(_keys[index].Token);
                    var (response, body) = await actor.Client.PostJsonAsync($"{Path}/api-keys/{_keys[index].Id}/regenerate", new { });
                    what = $"regenerate {_keys[index].Id}";
                    ok = response.StatusCode == HttpStatusCode.OK;
                    if (ok)
                    {
                        _keys[index] = (_keys[index].Id, body!["plaintext_api_key"]!.GetValue<string>());
                        takenOver = before;
                    }

                    break;
                }

                case 3 when _keys.Count > 0:
                {
                    var index = _random.Next(_keys.Count);
                    var before = await KeyPowerAsync(_keys[index].Token);
                    var roles = RandomRoles();
                    var (response, _) = await actor.Client.PutJsonAsync($"{Path}/api-keys/{_keys[index].Id}/roles", roles);
                    what = $"re-role {_keys[index].Id} {JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(roles))!.ToJsonString()}";
                    ok = response.StatusCode == HttpStatusCode.OK;
                    if (ok)
                    {
                        handedOut = await KeyPowerAsync(_keys[index].Token);
                        takenOver = before;
                    }

                    break;
                }

                case 4 when _keys.Count > 0:
                {
                    var index = _random.Next(_keys.Count);
                    var (response, body) = await actor.Client.GetJsonAsync($"{Path}/api-keys/{_keys[index].Id}");
                    what = $"read {_keys[index].Id}";
                    ok = response.StatusCode == HttpStatusCode.OK && body!["api_key"]!["key"] is JsonValue;
                    if (ok)
                    {
                        takenOver = await KeyPowerAsync(body!["api_key"]!["key"]!.GetValue<string>());
                    }

                    break;
                }

                case 5 when _keys.Count > 0:
                {
                    var index = _random.Next(_keys.Count);
                    what = $"revoke {_keys[index].Id}";
                    ok = (await actor.Client.DeleteJsonAsync($"{Path}/api-keys/{_keys[index].Id}")).Response.StatusCode == HttpStatusCode.OK;
                    break;
                }

                default:
                {
                    var user = Users[_random.Next(Users.Length)];
                    what = $"remove member {user}";
                    ok = (await actor.Client.DeleteJsonAsync($"{Path}/members/{user}")).Response.StatusCode == HttpStatusCode.OK;
                    break;
                }
            }

            foreach (var (gained, how) in new[] { (handedOut, "handed out"), (takenOver, "took over") })
            {
                Checks += gained is null ? 0 : 1;
                if (gained is not null && !gained.IsSubsetOf(actorPower))
                {
                    violations.Add($"seed {_seed} step {n}: {actorName} {how} [{string.Join(", ", gained.Except(actorPower).Order(StringComparer.Ordinal))}] by {what}");
                }
            }

            return ok;
        }

        private (string Name, Actor Actor) PickActor()
        {
            if (_random.Next(3) == 0)
            {
                var user = Users[_random.Next(Users.Length)];
                return ($"user {user}", new Actor(_factory.WithToken(ApiFactory.UserJwt(user)), null, user));
            }

            var key = _keys[_random.Next(_keys.Count)];
            return ($"key {key.Id}", new Actor(_factory.WithToken(key.Token), key.Token, null));
        }

        private async Task<HashSet<string>> PowerOfAsync(Actor actor) =>
            actor.Token is { } token ? await KeyPowerAsync(token) : await UserPowerAsync(actor.UserId!);

        /// <summary>What the key may do, app by app, as verify tells it (nothing once revoked).</summary>
        private async Task<HashSet<string>> KeyPowerAsync(string token)
        {
            var power = new HashSet<string>(StringComparer.Ordinal);
            foreach (var app in Apps)
            {
                var (_, body) = await _verifier.PostJsonAsync("/v1/keys/verify", new { key = token, app_id = app });
                if (body!["key_id"] is JsonValue)
                {
                    power.UnionWith(body["permissions"]!.AsArray().Select(p => $"{app}:{p!.GetValue<string>()}"));
                }
            }

            return power;
        }

        /// <summary>What the member may do, from its roles as <c>/v1/me</c> answers them and the catalog.</summary>
        private async Task<HashSet<string>> UserPowerAsync(string user)
        {
            var (response, me) = await _factory.WithToken(ApiFactory.UserJwt(user)).GetJsonAsync($"/v1/me?organization_id={_org}");
            var power = new HashSet<string>(StringComparer.Ordinal);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return power;
            }

            Roles.TryParseOrgRole(me!["org_role"]!.GetValue<string>(), out var orgRole);
            var bindings = me["app_roles"]!.AsArray().Select(b =>
            {
                Roles.TryParseAppRole(b!["role"]!.GetValue<string>(), out var role);
                return new AppRoleBinding(b["app_id"]!.GetValue<string>(), role!.Name);
            }).ToList();
            var access = Access.ForRoles(orgRole, bindings);
            foreach (var app in Apps)
            {
                power.UnionWith(access.Describe(app).Select(p => $"{app}:{p}"));
            }

            return power;
        }

        private object RandomKeySpec(int n)
        {
            var name = "k" + n.ToString(CultureInfo.InvariantCulture);
            if (_random.Next(4) == 0)
            {
                var mode = new[] { "read", "upload", "write", "all" }[_random.Next(4)];
                return _random.Next(2) == 0
                    ? new { name, mode, limited_to_apps = new[] { Apps[_random.Next(Apps.Length)] } }
                    : new { name, mode, limited_to_apps = Array.Empty<string>() };
            }

            var orgRole = new[] { "none", "member", "admin", "owner" }[_random.Next(4)];
            var appRoles = RandomAppRoles();
            var scopes = _random.Next(3) == 0
                ? Permission.OrgScoped.Concat(Permission.AppScoped).Where(_ => _random.Next(3) == 0).ToArray()
                : [];
            var project = _random.Next(5) == 0 ? Apps[_random.Next(Apps.Length)] : null;
            if (project is not null)
            {
                appRoles = [.. appRoles.Where(b => b.app_id == project)];
            }

            return new { name, secure = _random.Next(2) == 0, org_role = orgRole, app_roles = appRoles, scopes, project_id = project };
        }

        private object RandomRoles() => new { org_role = new[] { "none", "member", "admin", "owner" }[_random.Next(4)], app_roles = RandomAppRoles() };

        private AppRole[] RandomAppRoles() =>
            [.. Apps.Where(_ => _random.Next(3) == 0).Select(app => new AppRole(app, new[] { "reader", "uploader", "developer", "admin" }[_random.Next(4)]))];

        private sealed record Actor(HttpClient Client, string? Token, string? UserId);

        [System.Diagnostics.CodeAnalysis.SuppressMessage("Style", "IDE1006", Justification = "JSON field names")]
        private sealed record AppRole(string app_id, string role);
    }
}
