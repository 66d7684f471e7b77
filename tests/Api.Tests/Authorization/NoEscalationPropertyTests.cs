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
/// read from the service itself: a key's through verify (per app), a member's from <c>/v1/me</c> and the role
/// catalogue of <c>/v1/roles</c>. A verify that does not answer is a failure, never "no power", and the run must have
/// compared enough non-empty powers for the property to mean something. Steps run <see cref="StepsAtOnce"/> at a time,
/// sent together (an actor's power is then what it held before or after its batch, one power change per batch). Governance is power
/// too: a key with limits hands out or takes over only keys at least as limited; a legacy key limited to apps manages
/// nothing of the organization.
/// </summary>
public class NoEscalationPropertyTests(MatrixFactory factory) : IClassFixture<MatrixFactory>
{
    private const int Sequences = 60;
    private const int StepsPerSequence = 15;
    private const int StepsAtOnce = 3;

    /// <summary>A run checks about 240 grants and takeovers, some 220 of them non-empty (measured on SQLite and PostgreSQL).</summary>
    private const int MinimumNonEmptyChecks = 150;
    private static readonly string[] Apps = ["com.prop.a", "com.prop.b"];
    private static readonly string[] Users = ["prop-u1", "prop-u2", "prop-u3", "prop-u4"];

    [Fact]
    public async Task RandomSequencesOfAllowedActions_NeverHandOutPowerTheActorDidNotHold()
    {
        var violations = new List<string>();
        var allowed = 0;
        var checks = 0;
        var nonEmptyChecks = 0;
        var started = System.Diagnostics.Stopwatch.StartNew();
        for (var seed = 1; seed <= Sequences; seed++)
        {
            var world = await PropertyWorld.CreateAsync(factory, seed);
            for (var step = 0; step < StepsPerSequence; step += StepsAtOnce)
            {
                // Contract §2 "every rule here holds under concurrency": the steps of a batch are sent at once.
                allowed += await world.StepsAsync(StepsAtOnce, violations);
            }

            checks += world.Checks;
            nonEmptyChecks += world.NonEmptyChecks;
        }

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{Sequences} sequences × {StepsPerSequence} steps: {allowed} actions allowed, {checks} power checks ({nonEmptyChecks} non-empty), {started.Elapsed.TotalSeconds:F1} s");
        allowed.Should().BeGreaterThan(Sequences * StepsPerSequence / 6, "enough of the random actions are allowed for the property to mean something");
        nonEmptyChecks.Should().BeGreaterThanOrEqualTo(MinimumNonEmptyChecks, "an empty power handed out is a subset of anything, so only non-empty ones test the property");
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
        private readonly IReadOnlyDictionary<string, string[]> _appRolePermissions;
        private readonly List<(string Id, string Token)> _keys = [];
        private readonly HashSet<string> _limitedLegacy = new(StringComparer.Ordinal);
        private HttpClient _owner = null!;
        private int _counter;

        /// <summary>How many grants and takeovers were checked in this sequence.</summary>
        public int Checks { get; private set; }

        /// <summary>Of <see cref="Checks"/>, those where some power was handed out or taken over.</summary>
        public int NonEmptyChecks { get; private set; }

        private PropertyWorld(ApiFactory factory, int seed, string org, HttpClient verifier, IReadOnlyDictionary<string, string[]> appRolePermissions)
        {
            _factory = factory;
            _random = new Random(seed);
            _seed = seed;
            _org = org;
            _verifier = verifier;
            _appRolePermissions = appRolePermissions;
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
            var (catalogResponse, catalog) = await owner.GetJsonAsync($"/v1/roles?organization_id={org}");
            catalogResponse.StatusCode.Should().Be(HttpStatusCode.OK, catalog?.ToJsonString());
            var appRolePermissions = catalog!["app_roles"]!.AsArray().ToDictionary(
                r => r!["name"]!.GetValue<string>(), r => r!["app_permissions"]!.AsArray().Select(p => p!.GetValue<string>()).ToArray(), StringComparer.Ordinal);
            var world = new PropertyWorld(factory, seed, org, factory.WithToken(verifier!["plaintext_api_key"]!.GetValue<string>()), appRolePermissions);
            world._keys.Add(((await owner.GetJsonAsync("/v1/me")).Body!["id"]!.GetValue<string>(), ownerToken));
            // An owner no step touches (not in Users, not a key of the world), who reads every key's limits.
            var inspector = $"prop-inspector-{seed}";
            (await owner.PutJsonAsync($"/v1/organizations/{org}/members/{inspector}", new { org_role = "owner", app_roles = Array.Empty<object>() })).Response.StatusCode.Should().Be(HttpStatusCode.OK);
            world._owner = factory.WithToken(ApiFactory.UserJwt(inspector));

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
                new { name = "p-limited-admin", secure = false, org_role = "admin", rate_limits = new[] { new { name = "minute", limit = 5000, window_seconds = 60 } } },
                new { name = "p-expiring-owner", secure = false, org_role = "owner", expires_at = DateTime.UtcNow.AddDays(2).ToString("O") },
            ];
            foreach (var spec in population)
            {
                var (_, made) = await owner.PostJsonAsync($"/v1/organizations/{org}/api-keys", spec);
                world.Track(made!);
            }

            string[] memberRoles = ["owner", "admin", "member", "none"];
            for (var i = 0; i < Users.Length; i++)
            {
                var appRoles = i == 3 ? new[] { new { app_id = Apps[0], role = "admin" } } : [];
                await owner.PutJsonAsync($"/v1/organizations/{org}/members/{Users[i]}", new { org_role = memberRoles[i], app_roles = appRoles });
            }

            return world;
        }

        /// <summary>Prepares <paramref name="count"/> random steps (at most one changes a principal's roles), sends them at once, then checks each.</summary>
        /// <returns>How many the service allowed.</returns>
        public async Task<int> StepsAsync(int count, List<string> violations)
        {
            var steps = new List<Step>();
            var roleChanges = 0;
            while (steps.Count < count)
            {
                // One power change per batch, and one step per key (a regenerated key's token is the one its own step returns).
                var step = await PrepareAsync();
                if ((step.ChangesRoles && roleChanges++ > 0) || (step.KeyIndex >= 0 && steps.Any(s => s.KeyIndex == step.KeyIndex)))
                {
                    continue;
                }

                steps.Add(step);
            }

            var answers = await Task.WhenAll(steps.Select(step => step.Send()));
            var allowed = 0;

            // Regenerations first: an actor of this batch whose key one of them regenerated holds only the new token,
            // and its power is read with that one (the old token is unknown once it is replaced).
            foreach (var i in Enumerable.Range(0, steps.Count).OrderBy(i => steps[i].Kind == 2 ? 0 : 1))
            {
                allowed += await FinishAsync(steps[i], answers[i].Response, answers[i].Body, violations) ? 1 : 0;
            }

            return allowed;
        }

        /// <summary>One action chosen at random by a random actor, with what is known before it is sent.</summary>
        private sealed record Step(
            int N,
            string ActorName,
            Actor Actor,
            HashSet<string> ActorPower,
            KeyLimits? ActorLimits,
            int Kind,
            string What,
            Func<Task<(HttpResponseMessage Response, JsonNode? Body)>> Send,
            int KeyIndex = -1,
            string? User = null,
            HashSet<string>? Before = null,
            KeyLimits? TargetLimitsBefore = null)
        {
            public bool ChangesRoles => Kind is 1 or 3;
        }

        private async Task<Step> PrepareAsync()
        {
            var n = ++_counter;
            var (actorName, actor) = PickActor();
            var actorPower = await PowerOfAsync(actor);
            var actorLimits = actor.KeyId is { } actorKey ? await LimitsAsync(actorKey) : null;
            var kind = _random.Next(7);
            if (kind is >= 2 and <= 5 && _keys.Count > 0)
            {
                var index = _random.Next(_keys.Count);
                var (id, token) = _keys[index];
                var before = kind is 2 or 3 ? await KeyPowerAsync(token) : null;
                var targetLimits = kind is 2 or 4 ? await LimitsAsync(id) : null;
                var roles = RandomRoles();
                return kind switch
                {
                    2 => new Step(n, actorName, actor, actorPower, actorLimits, kind, $"regenerate {id}", () => actor.Client.PostJsonAsync($"{Path}/api-keys/{id}/regenerate", new { }), index, Before: before, TargetLimitsBefore: targetLimits),
                    3 => new Step(n, actorName, actor, actorPower, actorLimits, kind, $"re-role {id} {Json(roles)}", () => actor.Client.PutJsonAsync($"{Path}/api-keys/{id}/roles", roles), index, Before: before),
                    4 => new Step(n, actorName, actor, actorPower, actorLimits, kind, $"read {id}", () => actor.Client.GetJsonAsync($"{Path}/api-keys/{id}"), index, TargetLimitsBefore: targetLimits),
                    _ => new Step(n, actorName, actor, actorPower, actorLimits, kind, $"revoke {id}", () => actor.Client.DeleteJsonAsync($"{Path}/api-keys/{id}"), index),
                };
            }

            if (kind == 0)
            {
                var spec = RandomKeySpec(n);
                return new Step(n, actorName, actor, actorPower, actorLimits, kind, $"create key {Json(spec)}", () => actor.Client.PostJsonAsync($"{Path}/api-keys", spec));
            }

            var user = Users[_random.Next(Users.Length)];
            if (kind == 1)
            {
                var roles = RandomRoles();
                return new Step(n, actorName, actor, actorPower, actorLimits, kind, $"set member {user} {Json(roles)}", () => actor.Client.PutJsonAsync($"{Path}/members/{user}", roles), User: user, Before: await UserPowerAsync(user));
            }

            return new Step(n, actorName, actor, actorPower, actorLimits, 6, $"remove member {user}", () => actor.Client.DeleteJsonAsync($"{Path}/members/{user}"), User: user);
        }

        /// <returns>Whether the service allowed the action.</returns>
        private async Task<bool> FinishAsync(Step step, HttpResponseMessage response, JsonNode? body, List<string> violations)
        {
            HashSet<string>? handedOut = null;
            HashSet<string>? takenOver = null;
            KeyLimits? limitsGiven = null;
            bool ok;
            switch (step.Kind)
            {
                case 0:
                    ok = response.StatusCode == HttpStatusCode.Created;
                    if (ok)
                    {
                        var key = Track(body!);
                        handedOut = await KeyPowerAsync(key.Token);
                        limitsGiven = await LimitsAsync(key.Id);
                    }

                    break;
                case 1:
                    ok = response.StatusCode == HttpStatusCode.OK;
                    if (ok)
                    {
                        handedOut = await UserPowerAsync(step.User!);
                        takenOver = step.Before;
                        limitsGiven = KeyLimits.None;
                    }

                    break;
                case 2:
                    ok = response.StatusCode == HttpStatusCode.OK;
                    if (ok)
                    {
                        _keys[step.KeyIndex] = (_keys[step.KeyIndex].Id, body!["plaintext_api_key"]!.GetValue<string>());
                        takenOver = step.Before;
                        limitsGiven = step.TargetLimitsBefore;
                    }

                    break;
                case 3:
                    ok = response.StatusCode == HttpStatusCode.OK;
                    if (ok)
                    {
                        handedOut = await KeyPowerAsync(_keys[step.KeyIndex].Token);
                        takenOver = step.Before;
                    }

                    break;
                case 4:
                    ok = response.StatusCode == HttpStatusCode.OK && body!["api_key"]!["key"] is JsonValue;
                    if (ok)
                    {
                        takenOver = await KeyPowerAsync(body!["api_key"]!["key"]!.GetValue<string>());
                        limitsGiven = step.TargetLimitsBefore;
                    }

                    break;
                default:
                    ok = response.StatusCode == HttpStatusCode.OK;
                    break;
            }

            // What the actor held: before its batch, or after it when a step of the batch raised it (one power change per batch).
            var actorPower = new HashSet<string>(step.ActorPower, StringComparer.Ordinal);
            if (step.ChangesRoles || handedOut is not null || takenOver is not null)
            {
                actorPower.UnionWith(await PowerOfAsync(step.Actor));
            }

            foreach (var (gained, how) in new[] { (handedOut, "handed out"), (takenOver, "took over") })
            {
                Checks += gained is null ? 0 : 1;
                NonEmptyChecks += gained is { Count: > 0 } ? 1 : 0;
                if (gained is not null && !gained.IsSubsetOf(actorPower))
                {
                    violations.Add($"seed {_seed} step {step.N}: {step.ActorName} {how} [{string.Join(", ", gained.Except(actorPower).Order(StringComparer.Ordinal))}] by {step.What}");
                }
            }

            // Governance is power too: a limited key hands out or takes over only what is at least as limited.
            if (ok && step.ActorLimits is { IsNone: false } bound && limitsGiven is not null && !limitsGiven.IsWithin(bound))
            {
                violations.Add($"seed {_seed} step {step.N}: {step.ActorName} with limits {bound} gave or took a key limited only by {limitsGiven} by {step.What}");
            }

            // A legacy key limited to apps manages nothing of the organization (revoking itself aside).
            var self = step.KeyIndex >= 0 && _keys[step.KeyIndex].Id == step.Actor.KeyId;
            if (ok && step.Actor.KeyId is { } actorId && _limitedLegacy.Contains(actorId) && step.Kind != 4 && !(step.Kind == 5 && self))
            {
                violations.Add($"seed {_seed} step {step.N}: limited legacy {step.ActorName} was allowed to {step.What}");
            }

            return ok;
        }

        private (string Id, string Token) Track(JsonNode created)
        {
            var key = (created["api_key"]!["id"]!.GetValue<string>(), created["plaintext_api_key"]!.GetValue<string>());
            if (created["api_key"]!["limited_to_apps"]!.AsArray().Count > 0)
            {
                _limitedLegacy.Add(key.Item1);
            }

            _keys.Add(key);
            return key;
        }

        /// <summary>A key's limits as an owner no step touches reads them.</summary>
        private async Task<KeyLimits> LimitsAsync(string keyId)
        {
            var (response, body) = await _owner.GetJsonAsync($"{Path}/api-keys/{keyId}");
            response.StatusCode.Should().Be(HttpStatusCode.OK, $"seed {_seed}: the inspector reads key {keyId}");
            var key = body!["api_key"]!;
            var credits = key["credits"] is JsonObject c
                ? (c["remaining"]!.GetValue<long>(), c["refill"] is JsonObject r ? r["amount"]!.GetValue<long>() : (long?)null)
                : ((long, long?)?)null;
            return new KeyLimits(
                [.. key["rate_limits"]!.AsArray().Select(l => (l!["limit"]!.GetValue<long>(), l["window_seconds"]!.GetValue<int>()))],
                credits,
                key["expires_at"]?.GetValue<DateTimeOffset>());
        }

        private static string Json(object value) => JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(value))!.ToJsonString();

        private (string Name, Actor Actor) PickActor()
        {
            if (_random.Next(3) == 0)
            {
                var user = Users[_random.Next(Users.Length)];
                return ($"user {user}", new Actor(_factory.WithToken(ApiFactory.UserJwt(user)), null, user, null));
            }

            var key = _keys[_random.Next(_keys.Count)];
            return ($"key {key.Id}", new Actor(_factory.WithToken(key.Token), key.Token, null, key.Id));
        }

        // A key actor's current token: a step of its batch may have regenerated it.
        private async Task<HashSet<string>> PowerOfAsync(Actor actor) =>
            actor.KeyId is { } id ? await KeyPowerAsync(_keys.First(k => k.Id == id).Token) : await UserPowerAsync(actor.UserId!);

        /// <summary>
        /// What the key may do, app by app, as verify tells it: the permissions it holds there (<c>FORBIDDEN</c> for a
        /// key confined to another app still lists its org-wide ones), nothing once revoked. Any other answer (the
        /// verifier refused, the key unknown) is a broken world, not a powerless key.
        /// </summary>
        private async Task<HashSet<string>> KeyPowerAsync(string token)
        {
            var power = new HashSet<string>(StringComparer.Ordinal);
            foreach (var app in Apps)
            {
                var (response, body) = await _verifier.PostJsonAsync("/v1/keys/verify", new { key = token, app_id = app });
                response.StatusCode.Should().Be(HttpStatusCode.OK, $"seed {_seed}: the verifier answers ({body?.ToJsonString()})");
                var code = body!["code"]!.GetValue<string>();
                code.Should().BeOneOf(["VALID", "FORBIDDEN", "REVOKED"], $"seed {_seed}: every key the world holds is known ({body.ToJsonString()})");
                if (code != "REVOKED")
                {
                    power.UnionWith(body["permissions"]!.AsArray().Select(p => $"{app}:{p!.GetValue<string>()}"));
                }
            }

            return power;
        }

        /// <summary>
        /// What the member may do, app by app, as the service answers it: <c>/v1/me</c>'s permissions (its org role's,
        /// which hold on every app) and, on each app it has a role on, that role's permissions from the catalogue. A
        /// user who is no member (removed) has none.
        /// </summary>
        private async Task<HashSet<string>> UserPowerAsync(string user)
        {
            var (response, me) = await _factory.WithToken(ApiFactory.UserJwt(user)).GetJsonAsync($"/v1/me?organization_id={_org}");
            var power = new HashSet<string>(StringComparer.Ordinal);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return power;
            }

            response.StatusCode.Should().Be(HttpStatusCode.OK, $"seed {_seed}: /v1/me answers a member ({me?.ToJsonString()})");
            var everywhere = me!["permissions"]!.AsArray().Select(p => p!.GetValue<string>()).ToArray();
            foreach (var app in Apps)
            {
                power.UnionWith(everywhere.Select(p => $"{app}:{p}"));
            }

            foreach (var binding in me["app_roles"]!.AsArray())
            {
                var app = binding!["app_id"]!.GetValue<string>();
                power.UnionWith(_appRolePermissions[binding["role"]!.GetValue<string>()].Select(p => $"{app}:{p}"));
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

            // Governance: sometimes a rate limit or an expiry, so limited actors meet tighter, equal and looser targets.
            var rateLimits = _random.Next(3) == 0
                ? new[] { new { name = "window", limit = new[] { 500, 5000, 50000 }[_random.Next(3)], window_seconds = new[] { 60, 3600 }[_random.Next(2)] } }
                : [];
            var expiresAt = _random.Next(4) == 0 ? DateTime.UtcNow.AddDays(_random.Next(1, 4)).ToString("O") : null;
            return new { name, secure = _random.Next(2) == 0, org_role = orgRole, app_roles = appRoles, scopes, project_id = project, rate_limits = rateLimits, expires_at = expiresAt };
        }

        private object RandomRoles() => new { org_role = new[] { "none", "member", "admin", "owner" }[_random.Next(4)], app_roles = RandomAppRoles() };

        private AppRole[] RandomAppRoles() =>
            [.. Apps.Where(_ => _random.Next(3) == 0).Select(app => new AppRole(app, new[] { "reader", "uploader", "developer", "admin" }[_random.Next(4)]))];

        private sealed record Actor(HttpClient Client, string? Token, string? UserId, string? KeyId);

        /// <summary>
        /// The limits of contract §2 "Governance is power too", written here from the contract and not from the domain's
        /// code: rate limits (limit, window), credits (remaining, refill amount), expiry. Networks are not drawn (the
        /// test server has no client address for them).
        /// </summary>
        private sealed record KeyLimits(IReadOnlyList<(long Limit, int Window)> RateLimits, (long Remaining, long? Refill)? Credits, DateTimeOffset? ExpiresAt)
        {
            public static KeyLimits None { get; } = new([], null, null);

            public bool IsNone => RateLimits.Count == 0 && Credits is null && ExpiresAt is null;

            public bool IsWithin(KeyLimits bound) =>
                bound.RateLimits.All(b => RateLimits.Any(l => l.Limit <= b.Limit && l.Window >= b.Window))
                && (bound.Credits is not { } own || (Credits is { } mine && mine.Remaining <= own.Remaining && (mine.Refill is null || mine.Refill <= own.Refill)))
                && (bound.ExpiresAt is null || ExpiresAt <= bound.ExpiresAt);

            public override string ToString() =>
                $"[{string.Join(", ", RateLimits.Select(l => $"{l.Limit}/{l.Window}s"))}; credits {Credits?.Remaining.ToString(CultureInfo.InvariantCulture) ?? "none"}; expires {ExpiresAt?.ToString("O", CultureInfo.InvariantCulture) ?? "never"}]";
        }

        [System.Diagnostics.CodeAnalysis.SuppressMessage("Style", "IDE1006", Justification = "JSON field names")]
        private sealed record AppRole(string app_id, string role);
    }
}
