using System.Net;
using System.Text.Json.Nodes;
using ApiKeys.Api.Tests.Harness;

namespace ApiKeys.Api.Tests.ApiKeys;

/// <summary>
/// Contract §4's list filters over HTTP: each one alone and combined, every sort and its cursor, bad and unknown
/// filters (400 naming them), and the index rows that answer <c>app_id</c> and <c>meta.&lt;field&gt;</c> kept equal
/// to the keys through every change.
/// </summary>
public class KeyListFilterTests(FakeClockFactory factory) : IClassFixture<FakeClockFactory>
{
    private const string AppA = "com.filters.a";
    private const string AppB = "com.filters.b";

    private static string Keys(string org) => $"/v1/organizations/{org}/api-keys";

    private sealed record Seeded(string Org, HttpClient Owner, string UserId, Dictionary<string, string> Ids, string ByKeyId, string CreatorKeyId);

    /// <summary>One key of each kind a filter tells apart, named for what it is.</summary>
    private async Task<Seeded> SeedAsync()
    {
        var (org, owner, userId) = await factory.UserOrganizationAsync();
        foreach (var app in new[] { AppA, AppB })
        {
            (await owner.PostJsonAsync($"/v1/organizations/{org}/apps", new { app_id = app, name = app })).Response.StatusCode.Should().Be(HttpStatusCode.Created);
        }

        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        async Task Make(string name, object body)
        {
            var json = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(body))!.AsObject();
            json["name"] = name;
            ids[name] = (await owner.CreateKeyAsync(org, json)).Id;
        }

        await Make("Alpha reader", new { org_role = "none", app_roles = new[] { new { app_id = AppA, role = "app_reader" } } });
        await Make("beta project", new { org_role = "none", app_roles = new[] { new { app_id = AppB, role = "app_admin" } }, project_id = AppB });
        await Make("Gamma admin", new { org_role = "org_admin" });
        await Make("delta disabled", new { org_role = "org_member" });
        await Make("epsilon soon", new { org_role = "org_member", expires_at = factory.Later(TimeSpan.FromMinutes(2)) });
        await Make("zeta revoked", new { org_role = "org_member", app_roles = new[] { new { app_id = AppA, role = "app_reader" } } });
        await Make("eta legacy", new { mode = "read", limited_to_apps = new[] { AppA } });
        (await owner.PatchJsonAsync($"{Keys(org)}/{ids["delta disabled"]}", new { enabled = false })).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await owner.PatchJsonAsync($"{Keys(org)}/{ids["Alpha reader"]}", new { meta = new { team = "ci", tier = "gold" } })).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await owner.PatchJsonAsync($"{Keys(org)}/{ids["beta project"]}", new { meta = new { team = "cd" } })).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await owner.DeleteJsonAsync($"{Keys(org)}/{ids["zeta revoked"]}")).Response.StatusCode.Should().Be(HttpStatusCode.OK);

        // A key made by another key: created_by finds it by that key's id.
        var (creatorId, creatorToken) = await owner.CreateKeyAsync(org, new { name = "theta creator", org_role = "org_admin" });
        ids["theta creator"] = creatorId;
        var (byKey, _) = await factory.WithToken(creatorToken).CreateKeyAsync(org, new { name = "iota by key", org_role = "org_member" });
        ids["iota by key"] = byKey;
        return new Seeded(org, owner, userId, ids, byKey, creatorId);
    }

    private static async Task<List<string>> NamesAsync(HttpClient client, string org, string query)
    {
        var (response, body) = await client.GetJsonAsync($"{Keys(org)}?limit=200&{query}");
        response.StatusCode.Should().Be(HttpStatusCode.OK, body?.ToJsonString());
        body!["next_cursor"].Should().BeNull();
        return [.. body["api_keys"]!.AsArray().Select(k => k!["name"]!.GetValue<string>())];
    }

    [Fact]
    public async Task Search_MatchesItsTextLiterally_LikeWildcardsIncluded()
    {
        var (org, ownerKey) = await factory.CreateOrganizationAsync();
        var owner = factory.WithToken(ownerKey);
        foreach (var name in new[] { "100% sure", "1000 sure", "a_b", "axb", @"back\slash", "backslash" })
        {
            await owner.CreateKeyAsync(org, new { name, org_role = "none" });
        }

        (await NamesAsync(owner, org, "search=%25")).Should().BeEquivalentTo("100% sure");
        (await NamesAsync(owner, org, "search=_")).Should().BeEquivalentTo("a_b");
        (await NamesAsync(owner, org, "search=%5C")).Should().BeEquivalentTo(@"back\slash");
        (await NamesAsync(owner, org, "search=0%25%20S")).Should().BeEquivalentTo("100% sure");
    }

    [Fact]
    public async Task Search_FollowsRenameAndRegenerate_AndIgnoresCaseBeyondAscii()
    {
        var (org, ownerKey) = await factory.CreateOrganizationAsync();
        var owner = factory.WithToken(ownerKey);
        var (id, _) = await owner.CreateKeyAsync(org, new { name = "Ärger Deploy", org_role = "none" });
        var key = $"{Keys(org)}/{id}";
        (await NamesAsync(owner, org, "search=%C3%A4RGER")).Should().BeEquivalentTo("Ärger Deploy");

        (await owner.PatchJsonAsync(key, new { name = "Ölfeld Build" })).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await NamesAsync(owner, org, "search=deploy")).Should().BeEmpty();
        (await NamesAsync(owner, org, "search=%C3%B6lFELD")).Should().BeEquivalentTo("Ölfeld Build");

        var (_, before) = await owner.GetJsonAsync(key);
        var oldPrefix = before!["api_key"]!["key_prefix"]!.GetValue<string>();
        var (regenerated, body) = await owner.PostJsonAsync($"{key}/regenerate", new { grace_period_seconds = 0 });
        regenerated.StatusCode.Should().Be(HttpStatusCode.OK, body?.ToJsonString());
        var (_, after) = await owner.GetJsonAsync(key);
        var newPrefix = after!["api_key"]!["key_prefix"]!.GetValue<string>();
        newPrefix.Should().NotBe(oldPrefix);
        (await NamesAsync(owner, org, $"search={newPrefix.ToUpperInvariant()}")).Should().BeEquivalentTo("Ölfeld Build");
        (await NamesAsync(owner, org, $"search={oldPrefix}")).Should().BeEmpty();
    }

    [Fact]
    public async Task EachFilter_SelectsExactlyItsKeys_AndFiltersCombineWithAnd()
    {
        var s = await SeedAsync();
        var all = s.Ids.Keys.Where(n => n != "zeta revoked").ToList();

        (await NamesAsync(s.Owner, s.Org, "")).Should().BeEquivalentTo(all);
        (await NamesAsync(s.Owner, s.Org, "search=ALPHA")).Should().BeEquivalentTo("Alpha reader");
        (await NamesAsync(s.Owner, s.Org, "search=ta")).Should().BeEquivalentTo("beta project", "delta disabled", "eta legacy", "theta creator", "iota by key");
        (await NamesAsync(s.Owner, s.Org, $"app_id={AppA}")).Should().BeEquivalentTo("Alpha reader", "eta legacy");
        (await NamesAsync(s.Owner, s.Org, $"app_id={AppA}&include_revoked=true")).Should().BeEquivalentTo("Alpha reader", "eta legacy", "zeta revoked");
        (await NamesAsync(s.Owner, s.Org, $"app_id={AppB}")).Should().BeEquivalentTo("beta project");
        (await NamesAsync(s.Owner, s.Org, "org_role=org_admin")).Should().BeEquivalentTo("Gamma admin", "theta creator");
        (await NamesAsync(s.Owner, s.Org, "org_role=none")).Should().BeEquivalentTo("Alpha reader", "beta project");
        (await NamesAsync(s.Owner, s.Org, $"created_by={s.CreatorKeyId}")).Should().BeEquivalentTo("iota by key");
        (await NamesAsync(s.Owner, s.Org, $"created_by={s.UserId}")).Should().BeEquivalentTo(all.Where(n => n != "iota by key"));
        (await NamesAsync(s.Owner, s.Org, "state=disabled")).Should().BeEquivalentTo("delta disabled");
        (await NamesAsync(s.Owner, s.Org, "state=revoked")).Should().BeEquivalentTo("zeta revoked");
        (await NamesAsync(s.Owner, s.Org, "state=active")).Should().BeEquivalentTo(all.Where(n => n != "delta disabled"));
        var inAWeek = Uri.EscapeDataString(factory.Later(TimeSpan.FromMinutes(10)));
        (await NamesAsync(s.Owner, s.Org, $"expires_before={inAWeek}")).Should().BeEquivalentTo("epsilon soon");
        (await NamesAsync(s.Owner, s.Org, "meta.team=ci")).Should().BeEquivalentTo("Alpha reader");
        (await NamesAsync(s.Owner, s.Org, "meta.team=ci&meta.tier=gold")).Should().BeEquivalentTo("Alpha reader");
        (await NamesAsync(s.Owner, s.Org, "meta.team=ci&meta.tier=silver")).Should().BeEmpty();
        (await NamesAsync(s.Owner, s.Org, $"app_id={AppA}&kind=legacy")).Should().BeEquivalentTo("eta legacy");
        (await NamesAsync(s.Owner, s.Org, $"app_id={AppA}&search=alpha&meta.team=ci&state=active")).Should().BeEquivalentTo("Alpha reader");
        (await NamesAsync(s.Owner, s.Org, $"app_id={AppB}&meta.team=ci")).Should().BeEmpty();

        // Expiry moves a key from active to expired without any write (a short step: the service's timers run on this clock).
        factory.Clock.Advance(TimeSpan.FromMinutes(3));
        (await NamesAsync(s.Owner, s.Org, "state=expired")).Should().Contain("epsilon soon");
        (await NamesAsync(s.Owner, s.Org, "state=active")).Should().NotContain("epsilon soon");
    }

    [Fact]
    public async Task Sorts_NewestFirstByDefault_NameAToZ_LastUsedNewestFirstNeverUsedLast()
    {
        var (org, owner, _) = await factory.UserOrganizationAsync();
        var made = new List<(string Name, string Token)>();
        foreach (var name in new[] { "b", "c", "a", "d" })
        {
            made.Add((name, (await owner.CreateKeyAsync(org, new { name, org_role = "org_member" })).Token));
            factory.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        (await NamesAsync(owner, org, "")).Should().Equal("d", "a", "c", "b");
        (await NamesAsync(owner, org, "sort=created_at")).Should().Equal("d", "a", "c", "b");
        (await NamesAsync(owner, org, "sort=name")).Should().Equal("a", "b", "c", "d");

        foreach (var name in new[] { "c", "b" })
        {
            (await factory.WithToken(made.Single(m => m.Name == name).Token).GetJsonAsync("/v1/me")).Response.StatusCode.Should().Be(HttpStatusCode.OK);
            factory.Clock.Advance(TimeSpan.FromSeconds(2));
        }

        // Last use is written in the background, on the service's (fake) clock.
        await WaitForAsync(async () =>
        {
            factory.Clock.Advance(TimeSpan.FromMilliseconds(200));
            return (await NamesAsync(owner, org, "sort=last_used_at")).Take(2).SequenceEqual(["b", "c"]);
        });
        (await NamesAsync(owner, org, "sort=last_used_at")).Should().Equal("b", "c", "d", "a");
    }

    [Fact]
    public async Task Search_PageByPage_NewestFirst_SeesEachMatchOnce()
    {
        var (org, owner, _) = await factory.UserOrganizationAsync();
        var matching = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            // Three instants, four keys each: two of the matches share one, so the id breaks their tie.
            if (i % 4 == 0)
            {
                factory.Clock.Advance(TimeSpan.FromSeconds(1));
            }

            var id = (await owner.CreateKeyAsync(org, new { name = $"key {i % 3}", org_role = "org_member" })).Id;
            if (i % 3 == 1)
            {
                matching.Add(id);
            }
        }

        var newestFirst = (await WalkAsync(owner, org, "sort=created_at", limit: 200)).Where(matching.Contains).ToList();
        newestFirst.Should().HaveCount(4);
        (await WalkAsync(owner, org, "search=Y%201", limit: 1)).Should().Equal(newestFirst, "the list's own order, each match once, across pages");
        (await WalkAsync(owner, org, "search=Y%201&state=active", limit: 2)).Should().Equal(newestFirst);
    }

    [Theory]
    [InlineData("created_at")]
    [InlineData("name")]
    [InlineData("last_used_at")]
    public async Task WalkingEverySort_PageByPage_SeesEveryKeyOnce(string sort)
    {
        var (org, owner, _) = await factory.UserOrganizationAsync();
        var expected = new List<string>();
        for (var i = 0; i < 9; i++)
        {
            // Equal names and equal instants: the id breaks the ties across page boundaries.
            expected.Add((await owner.CreateKeyAsync(org, new { name = $"key {i % 3}", org_role = "org_member" })).Id);
        }

        var walked = await WalkAsync(owner, org, $"sort={sort}", limit: 2);
        walked.Should().OnlyHaveUniqueItems().And.BeEquivalentTo(expected);
        walked.Should().Equal(await WalkAsync(owner, org, $"sort={sort}", limit: 200), "pages continue exactly where the previous one stopped");
    }

    [Theory]
    [InlineData("created_at")]
    [InlineData("name")]
    [InlineData("created_at&search=k")] // a search in the default order walks the search rows instead of the keys
    public async Task CursorsUnderConcurrentInserts_NoKeySkippedOrRepeated(string sort)
    {
        for (var trial = 0; trial < 3; trial++)
        {
            var (org, owner, _) = await factory.UserOrganizationAsync();
            var existing = new List<string>();
            for (var i = 0; i < 30; i++)
            {
                existing.Add((await owner.CreateKeyAsync(org, new { name = $"k{Random.Shared.Next(100):D2}", org_role = "none" })).Id);
            }

            using var stop = new CancellationTokenSource();
            var inserts = Enumerable.Range(0, 4).Select(async w =>
            {
                var n = 0;
                while (!stop.IsCancellationRequested)
                {
                    await owner.CreateKeyAsync(org, new { name = $"k{Random.Shared.Next(100):D2} new {w}-{n++}", org_role = "none" });
                }
            }).ToList();

            var walked = await WalkAsync(owner, org, $"sort={sort}", limit: 3);
            await stop.CancelAsync();
            await Task.WhenAll(inserts);

            walked.Should().OnlyHaveUniqueItems($"trial {trial}: no key is repeated");
            walked.Should().Contain(existing, $"trial {trial}: no key that was there before the walk is skipped");
        }
    }

    [Fact]
    public async Task BadAndUnknownFilters_Are400NamingEachOne_AndACursorOfAnotherSortToo()
    {
        var (org, owner, _) = await factory.UserOrganizationAsync();
        await owner.CreateKeyAsync(org, new { name = "one", org_role = "org_member" });
        await owner.CreateKeyAsync(org, new { name = "two", org_role = "org_member" });

        var long201 = new string('v', 201);
        var (response, body) = await owner.GetJsonAsync($"{Keys(org)}?state=gone&sort=size&org_role=king&app_id=no%20spaces&expires_before=tomorrow&colour=red&search=&meta.team={long201}");
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        body!["code"]!.GetValue<string>().Should().Be("validation_failed");
        body["details"]!.AsObject().Select(d => d.Key).Should().BeEquivalentTo("state", "sort", "org_role", "app_id", "expires_before", "colour", "search", "meta.team");
        body["details"]!["colour"]![0]!.GetValue<string>().Should().Contain("not a filter");

        (await owner.GetJsonAsync($"{Keys(org)}?state=active&state=revoked")).Body!["details"]!["state"].Should().NotBeNull("a filter given twice is refused");
        (await owner.GetJsonAsync($"{Keys(org)}?expires_before=99999-01-01T00:00:00Z")).Response.StatusCode.Should().Be(HttpStatusCode.BadRequest);

        var (_, first) = await owner.GetJsonAsync($"{Keys(org)}?limit=1");
        var cursor = first!["next_cursor"]!.GetValue<string>();
        (await owner.GetJsonAsync($"{Keys(org)}?limit=1&cursor={cursor}")).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        var (other, otherBody) = await owner.GetJsonAsync($"{Keys(org)}?limit=1&sort=name&cursor={cursor}");
        other.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        otherBody!["details"]!["cursor"].Should().NotBeNull();
    }

    [Fact]
    public async Task IndexRows_FollowEveryChange_OfMetaRolesAndApps()
    {
        var s = await SeedAsync();
        var alpha = $"{Keys(s.Org)}/{s.Ids["Alpha reader"]}";

        (await s.Owner.PatchJsonAsync(alpha, new { meta = new { team = "ops", tier = "gold" } })).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await NamesAsync(s.Owner, s.Org, "meta.team=ci")).Should().BeEmpty();
        (await NamesAsync(s.Owner, s.Org, "meta.team=ops")).Should().BeEquivalentTo("Alpha reader");
        (await s.Owner.PatchJsonAsync(alpha, new { meta = new { tier = "gold" } })).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await NamesAsync(s.Owner, s.Org, "meta.team=ops")).Should().BeEmpty();
        (await NamesAsync(s.Owner, s.Org, "meta.tier=gold")).Should().BeEquivalentTo("Alpha reader");
        (await s.Owner.PatchJsonAsync(alpha, new { meta = (object?)null })).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await NamesAsync(s.Owner, s.Org, "meta.tier=gold")).Should().BeEmpty();

        (await s.Owner.PutJsonAsync($"{alpha}/roles", new { org_role = "none", app_roles = new[] { new { app_id = AppB, role = "app_reader" } } })).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await NamesAsync(s.Owner, s.Org, $"app_id={AppA}")).Should().BeEquivalentTo("eta legacy");
        (await NamesAsync(s.Owner, s.Org, $"app_id={AppB}")).Should().BeEquivalentTo("Alpha reader", "beta project");

        // Deleting an app takes its bindings: the project key is revoked, the legacy key limited to it alone too.
        (await s.Owner.DeleteJsonAsync($"/v1/organizations/{s.Org}/apps/{AppB}")).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await NamesAsync(s.Owner, s.Org, $"app_id={AppB}&include_revoked=true")).Should().BeEquivalentTo("beta project");
        (await NamesAsync(s.Owner, s.Org, "state=revoked")).Should().BeEquivalentTo("zeta revoked", "beta project");
        var (_, alphaNow) = await s.Owner.GetJsonAsync(alpha);
        alphaNow!["api_key"]!["app_roles"]!.AsArray().Should().BeEmpty();
        (await s.Owner.DeleteJsonAsync($"/v1/organizations/{s.Org}/apps/{AppA}")).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await NamesAsync(s.Owner, s.Org, "state=revoked")).Should().BeEquivalentTo("zeta revoked", "beta project", "eta legacy");
    }

    [Fact]
    public async Task AnotherOrganizationsKeys_AreNeverListed_WhateverTheFilter()
    {
        var mine = await SeedAsync();
        var theirs = await SeedAsync();
        var (_, body) = await mine.Owner.GetJsonAsync($"{Keys(mine.Org)}?limit=200&include_revoked=true&app_id={AppA}");
        body!["api_keys"]!.AsArray().Select(k => k!["id"]!.GetValue<string>()).Should().NotIntersectWith(theirs.Ids.Values);
        (await mine.Owner.GetJsonAsync($"{Keys(theirs.Org)}?app_id={AppA}")).Response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    private static async Task<List<string>> WalkAsync(HttpClient client, string org, string query, int limit)
    {
        var ids = new List<string>();
        string? cursor = null;
        for (var pages = 0; pages < 500; pages++)
        {
            var (response, body) = await client.GetJsonAsync($"{Keys(org)}?limit={limit}&{query}" + (cursor is null ? "" : $"&cursor={cursor}"));
            response.StatusCode.Should().Be(HttpStatusCode.OK, body?.ToJsonString());
            ids.AddRange(body!["api_keys"]!.AsArray().Select(k => k!["id"]!.GetValue<string>()));
            cursor = body["next_cursor"]?.GetValue<string>();
            if (cursor is null)
            {
                return ids;
            }
        }

        throw new InvalidOperationException("The cursor never ended.");
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 100 && !await condition(); i++)
        {
            await Task.Delay(100);
        }
    }
}
