using System.Net;
using System.Text.Json.Nodes;
using ApiKeys.Api.Tests.Harness;

namespace ApiKeys.Api.Tests.Organizations;

/// <summary>
/// Contract §2 "The last owner stays usable" (issue 22, item 4): for the last-owner rule an owner key counts only while
/// it is enabled and has no <c>allowed_cidrs</c>, <c>rate_limits</c>, <c>credits</c> or <c>expires_at</c>. The only
/// owner key could be locked out by a foreign network, an expiry a few seconds ahead or a 1-a-day rate limit, all 200;
/// two owners could lock each other out in parallel. Runs on SQLite and, with <c>APIKEYS_TEST_DATABASE=postgres</c>, on PostgreSQL.
/// </summary>
public class UsableOwnerTests(RaceFactory factory) : IClassFixture<RaceFactory>
{
    private const int Trials = 6;

    private static object[] Lockouts =>
    [
        new { allowed_cidrs = new[] { "198.51.100.0/24" } },
        new { expires_at = DateTime.UtcNow.AddSeconds(5).ToString("O") },
        new { rate_limits = new[] { new { name = "day", limit = 1, window_seconds = 86_400 } } },
        new { credits = new { remaining = 1, refill = (object?)null } },
        new { enabled = false },
    ];

    [Fact]
    public async Task TheOnlyOwnerKey_CannotBeLimitedOrGivenAnExpiry_ButASecondOwnerMayBe()
    {
        var (orgId, ownerToken) = await factory.CreateOrganizationAsync("One owner key");
        var org = $"/v1/organizations/{orgId}";
        var owner = factory.WithToken(ownerToken);
        var ownerId = (await owner.GetJsonAsync("/v1/me")).Body!["id"]!.GetValue<string>();
        var before = (await owner.GetJsonAsync($"{org}/api-keys/{ownerId}")).Body!["api_key"]!.ToJsonString();

        foreach (var lockout in Lockouts)
        {
            var (response, body) = await owner.PatchJsonAsync($"{org}/api-keys/{ownerId}", lockout);
            response.StatusCode.Should().Be(HttpStatusCode.Conflict, JsonSerializerText(lockout));
            body!["code"]!.GetValue<string>().Should().Be("last_owner");
        }

        (await owner.GetJsonAsync($"{org}/api-keys/{ownerId}")).Body!["api_key"]!.ToJsonString().Should().Be(before, "a refusal changes nothing");

        // With a second usable owner, the first may be limited; then the second is the last usable one.
        var (_, second) = await owner.PostJsonAsync($"{org}/api-keys", new { name = "second owner", org_role = "owner" });
        var secondId = second!["api_key"]!["id"]!.GetValue<string>();
        var secondOwner = factory.WithToken(second["plaintext_api_key"]!.GetValue<string>());
        (await secondOwner.PatchJsonAsync($"{org}/api-keys/{ownerId}", new { rate_limits = new[] { new { name = "minute", limit = 100, window_seconds = 60 } } })).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        foreach (var lockout in Lockouts)
        {
            (await secondOwner.PatchJsonAsync($"{org}/api-keys/{secondId}", lockout)).Body!["code"]!.GetValue<string>().Should().Be("last_owner", JsonSerializerText(lockout));
        }

        // A limited owner is no owner to keep: it may be revoked, and the last usable one still may not.
        (await secondOwner.DeleteJsonAsync($"{org}/api-keys/{ownerId}")).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await secondOwner.DeleteJsonAsync($"{org}/api-keys/{secondId}")).Body!["code"]!.GetValue<string>().Should().Be("last_owner");
    }

    [Fact]
    public async Task AnOwnerMember_IsAUsableOwner_SoTheOnlyOwnerKeyMayBeLimited()
    {
        var user = "usable-owner-" + Guid.NewGuid().ToString("N")[..8];
        var member = factory.WithToken(ApiFactory.UserJwt(user));
        var (_, created) = await member.PostJsonAsync("/v1/organizations", new { name = "Member owner" });
        var org = $"/v1/organizations/{created!["organization"]!["id"]!.GetValue<string>()}";
        var (_, key) = await member.PostJsonAsync($"{org}/api-keys", new { name = "owner key", org_role = "owner" });
        var keyId = key!["api_key"]!["id"]!.GetValue<string>();
        (await member.PatchJsonAsync($"{org}/api-keys/{keyId}", new { allowed_cidrs = new[] { "198.51.100.0/24" } })).Response.StatusCode.Should().Be(HttpStatusCode.OK);

        // Now the member is the only usable owner: it cannot leave.
        (await member.PutJsonAsync($"{org}/members/{user}", new { org_role = "admin", app_roles = Array.Empty<object>() })).Body!["code"]!.GetValue<string>().Should().Be("last_owner");
    }

    [Fact]
    public async Task TwoOwnerKeysLockingEachOtherOutInParallel_AlwaysLeaveAUsableOwner()
    {
        var (orgId, firstToken) = await factory.CreateOrganizationAsync("Mutual lockout");
        var org = $"/v1/organizations/{orgId}";
        var tokens = new Dictionary<string, string>
        {
            [(await factory.WithToken(firstToken).GetJsonAsync("/v1/me")).Body!["id"]!.GetValue<string>()] = firstToken,
        };
        var owners = new List<string>();

        await Race.RunAsync(Trials, async trial =>
        {
            // Two usable owner keys: the survivor of the last trial and a new one it makes.
            var survivor = (await UsableOwnersAsync(org, tokens)).First();
            var (made, body) = await factory.WithToken(tokens[survivor]).PostJsonAsync($"{org}/api-keys", new { name = $"owner {trial}", org_role = "owner" });
            made.StatusCode.Should().Be(HttpStatusCode.Created, body?.ToJsonString());
            var fresh = body!["api_key"]!["id"]!.GetValue<string>();
            tokens[fresh] = body["plaintext_api_key"]!.GetValue<string>();
            owners = [survivor, fresh];
            (await UsableOwnersAsync(org, tokens)).Should().BeEquivalentTo(owners);

            // Each locks the other out, in every way at once.
            var operations = new List<RaceOperation>();
            foreach (var (caller, target) in new[] { (owners[0], owners[1]), (owners[1], owners[0]) })
            {
                var client = factory.WithToken(tokens[caller]);
                foreach (var lockout in Lockouts)
                {
                    operations.Add(new RaceOperation("lock out", () => client.PatchJsonAsync($"{org}/api-keys/{target}", lockout)));
                }
            }

            return operations;
        }, async outcome =>
        {
            // Losers: the last owner, a concurrent change, or a caller locked out a moment before (403 ip_not_allowed or no longer
            // covering an unlimited owner, 401 disabled or expired, 429 its one request a day spent).
            outcome.ShouldOnlyBeRefusedWith(
                "lock out",
                (HttpStatusCode.Conflict, "last_owner"),
                (HttpStatusCode.Conflict, "concurrent_update"),
                (HttpStatusCode.Forbidden, null),
                (HttpStatusCode.Unauthorized, null),
                (HttpStatusCode.TooManyRequests, null));
            outcome.ShouldHaveSucceeded("lock out");
            (await UsableOwnersAsync(org, tokens)).Should().NotBeEmpty($"an organization always keeps a usable owner ({outcome.Summary})");
        });
    }

    /// <summary>The organization's usable owner keys, as its keys' data says: owner, not revoked, enabled, no limits, no expiry.</summary>
    private async Task<IReadOnlyList<string>> UsableOwnersAsync(string org, IReadOnlyDictionary<string, string> tokens)
    {
        foreach (var token in tokens.Values)
        {
            var (response, body) = await factory.WithToken(token).GetJsonAsync($"{org}/api-keys?limit=200");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return [.. body!["api_keys"]!.AsArray().Where(IsUsableOwner).Select(k => k!["id"]!.GetValue<string>())];
            }
        }

        return [];
    }

    private static bool IsUsableOwner(JsonNode? key) =>
        key!["org_role"]!.GetValue<string>() == "org_owner" && key["revoked_at"] is null && key["enabled"]!.GetValue<bool>()
        && key["expires_at"] is null && key["credits"] is null && key["rate_limits"]!.AsArray().Count == 0 && key["allowed_cidrs"]!.AsArray().Count == 0
        && key["scopes"]!.AsArray().Count == 0;

    private static string JsonSerializerText(object value) => System.Text.Json.JsonSerializer.Serialize(value);
}
