using System.Net;
using ApiKeys.Api.Tests.Harness;
using ApiKeys.Domain.ApiKeys;
using ApiKeys.Infrastructure.HotPath;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ApiKeys.Api.Tests.HotPath;

/// <summary>Issue 4: a warm key touches neither the database nor Argon2; changes evict at once; floods cost one hash per distinct token.</summary>
public class HotPathTests(HotPathFactory factory) : IClassFixture<HotPathFactory>
{
    private async Task<(string Org, HttpClient Owner, string Id, string Token)> NewKeyAsync(object body)
    {
        var (org, ownerKey) = await factory.CreateOrganizationAsync();
        var owner = factory.WithToken(ownerKey);
        var (response, created) = await owner.PostJsonAsync($"/v1/organizations/{org}/api-keys", body);
        response.StatusCode.Should().Be(HttpStatusCode.Created);
        return (org, owner, created!["api_key"]!["id"]!.GetValue<string>(), created["plaintext_api_key"]!.GetValue<string>());
    }

    [Fact]
    public async Task ThousandRequests_OneKey_CauseExactlyOneArgon2Verification()
    {
        var (_, _, _, token) = await NewKeyAsync(new { name = "busy", org_role = "member" });
        var client = factory.WithToken(token);
        var before = factory.Hasher.Verifications;

        // Concurrent from the first request on: the very first verification is shared, not repeated.
        var statuses = new List<HttpStatusCode>();
        for (var batch = 0; batch < 50; batch++)
        {
            var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.GetAsync("/v1/me", TestContext.Current.CancellationToken)));
            statuses.AddRange(responses.Select(r => r.StatusCode));
        }

        statuses.Should().HaveCount(1000).And.OnlyContain(s => s == HttpStatusCode.OK);
        (factory.Hasher.Verifications - before).Should().Be(1);
    }

    [Fact]
    public async Task RevokedCachedKey_FailsOnTheVeryNextRequest()
    {
        var (org, owner, id, token) = await NewKeyAsync(new { name = "cached" });
        var client = factory.WithToken(token);
        (await client.GetAsync("/v1/me", TestContext.Current.CancellationToken)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.GetAsync("/v1/me", TestContext.Current.CancellationToken)).StatusCode.Should().Be(HttpStatusCode.OK);

        await owner.DeleteJsonAsync($"/v1/organizations/{org}/api-keys/{id}");
        (await client.GetAsync("/v1/me", TestContext.Current.CancellationToken)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task RevocationCommittedWhileTheKeyIsBeingVerified_LeavesNothingCached()
    {
        var (org, owner, id, token) = await NewKeyAsync(new { name = "raced" });
        var client = factory.WithToken(token);

        // The key's first request reads it (active), then waits in Argon2id while the owner revokes it.
        var hold = factory.Hasher.HoldNext();
        var first = client.GetAsync("/v1/me", TestContext.Current.CancellationToken);
        await hold.Reached.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        (await owner.DeleteJsonAsync($"/v1/organizations/{org}/api-keys/{id}")).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        hold.Release();
        (await first).StatusCode.Should().Be(HttpStatusCode.OK, "that request was read before the revocation committed");

        // What it read predates the revocation: it must not answer the next one.
        (await client.GetAsync("/v1/me", TestContext.Current.CancellationToken)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task RoleChangeOnCachedKey_AppliesOnTheNextRequest()
    {
        var (org, owner, id, token) = await NewKeyAsync(new { name = "re-roled", org_role = "member" });
        var client = factory.WithToken(token);
        (await client.GetJsonAsync($"/v1/organizations/{org}/api-keys")).Response.StatusCode.Should().Be(HttpStatusCode.OK);

        await owner.PutJsonAsync($"/v1/organizations/{org}/api-keys/{id}/roles", new { org_role = "none", app_roles = Array.Empty<object>() });
        (await client.GetJsonAsync($"/v1/organizations/{org}/api-keys")).Response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task ExpiredCachedKey_FailsAtItsInstant()
    {
        var expiry = factory.Clock.GetUtcNow().AddHours(1);
        var (_, _, _, token) = await NewKeyAsync(new { name = "hour", expires_at = expiry.ToString("O") });
        var client = factory.WithToken(token);
        (await client.GetAsync("/v1/me", TestContext.Current.CancellationToken)).StatusCode.Should().Be(HttpStatusCode.OK);

        factory.Clock.SetUtcNow(expiry.AddMilliseconds(-1));
        (await client.GetAsync("/v1/me", TestContext.Current.CancellationToken)).StatusCode.Should().Be(HttpStatusCode.OK);
        factory.Clock.SetUtcNow(expiry);
        (await client.GetAsync("/v1/me", TestContext.Current.CancellationToken)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task GracePeriod_OldSecretWorksUntilItEndsAndNotOneSecondLater()
    {
        var (org, owner, id, oldToken) = await NewKeyAsync(new { name = "rotated" });
        var (_, regenerated) = await owner.PostJsonAsync($"/v1/organizations/{org}/api-keys/{id}/regenerate", new { grace_period_seconds = 60 });
        var newToken = regenerated!["plaintext_api_key"]!.GetValue<string>();
        var old = factory.WithToken(oldToken);

        (await old.GetAsync("/v1/me", TestContext.Current.CancellationToken)).StatusCode.Should().Be(HttpStatusCode.OK);
        factory.Clock.Advance(TimeSpan.FromSeconds(59));
        (await old.GetAsync("/v1/me", TestContext.Current.CancellationToken)).StatusCode.Should().Be(HttpStatusCode.OK);
        factory.Clock.Advance(TimeSpan.FromSeconds(1));
        (await old.GetAsync("/v1/me", TestContext.Current.CancellationToken)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await factory.WithToken(newToken).GetAsync("/v1/me", TestContext.Current.CancellationToken)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Flood_OfWrongSecrets_CostsAtMostOneArgon2PerDistinctToken_AndNeverLocksOutAWarmKey()
    {
        var (_, _, _, token) = await NewKeyAsync(new { name = "victim", org_role = "member" });
        var victim = factory.WithToken(token);
        (await victim.GetAsync("/v1/me", TestContext.Current.CancellationToken)).StatusCode.Should().Be(HttpStatusCode.OK);

        // Well-formed tokens with the real key's prefix and wrong secrets.
        var forged = Enumerable.Range(0, 10)
            .Select(i => ApiKeyToken.FromRandom(token.Substring(10, 6) + i.ToString("D2") + new string('x', 24)).Reveal())
            .ToList();
        var before = factory.Hasher.Verifications;
        var statuses = new List<HttpStatusCode>();
        for (var round = 0; round < 20; round++)
        {
            foreach (var bad in forged)
            {
                var attacker = factory.WithToken(bad);
                attacker.DefaultRequestHeaders.Add(TestClientAddress.Header, "203.0.113.8");
                statuses.Add((await attacker.GetAsync("/v1/me", TestContext.Current.CancellationToken)).StatusCode);
            }

            (await victim.GetAsync("/v1/me", TestContext.Current.CancellationToken)).StatusCode.Should().Be(HttpStatusCode.OK, "cache hits are never held back");
        }

        (factory.Hasher.Verifications - before).Should().BeLessThanOrEqualTo(forged.Count);
        statuses.Should().OnlyContain(s => s == HttpStatusCode.Unauthorized || s == HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task FailureBudget_SpentAddress_Gets429WithoutHashing()
    {
        var before = factory.Hasher.Verifications;
        var (_, _, _, token) = await NewKeyAsync(new { name = "real" });
        var hashesForSetup = factory.Hasher.Verifications - before;
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 40; i++)
        {
            var bad = ApiKeyToken.FromRandom(token.Substring(10, 6) + "b" + i.ToString("D3") + new string('y', 22)).Reveal();
            var attacker = factory.WithToken(bad);
            attacker.DefaultRequestHeaders.Add(TestClientAddress.Header, "203.0.113.7");
            var response = await attacker.GetAsync("/v1/me", TestContext.Current.CancellationToken);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                response.Headers.RetryAfter.Should().NotBeNull();
            }
        }

        // Each failure spends the address's budget; once spent, the rest are refused before any hash.
        var budget = factory.Services.GetRequiredService<IOptions<HotPathOptions>>().Value.FailureBudget;
        var hashed = factory.Hasher.Verifications - before - hashesForSetup;
        hashed.Should().BeLessThanOrEqualTo(budget);
        statuses.Count(s => s == HttpStatusCode.Unauthorized).Should().BeLessThanOrEqualTo(budget);
        statuses.Count(s => s == HttpStatusCode.TooManyRequests).Should().BeGreaterThanOrEqualTo(statuses.Count - budget);
        statuses.Should().OnlyContain(s => s == HttpStatusCode.Unauthorized || s == HttpStatusCode.TooManyRequests);
    }
}
