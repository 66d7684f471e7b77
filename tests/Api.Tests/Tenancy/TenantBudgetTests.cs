using System.Net;
using ApiKeys.Api.Tests.Harness;
using ApiKeys.Domain.ApiKeys;

namespace ApiKeys.Api.Tests.Tenancy;

/// <summary>
/// Contract §2, "Tenants never touch each other": failures spent through verify's <c>client_ip</c> are counted per
/// calling organization and address. One organization's verifier flooding an address with forged tokens spends
/// only its own budget for it: another organization's key keeps working from that address, directly and through
/// its own verifier. In memory and, in <see cref="RedisTenantBudgetTests"/>, in Redis.
/// </summary>
public abstract class TenantBudgetTests<TFactory>(TFactory factory)
    where TFactory : TenancyFactory
{
    private const string Verify = "/v1/keys/verify";

    protected virtual void RequireServers()
    {
    }

    [Fact]
    public async Task ForgedTokensThroughOneOrganizationsVerifier_SpendOnlyThatOrganizationsBudgetForTheAddress()
    {
        RequireServers();
        var address = RandomAddress();
        var attacker = await factory.OrganizationAsync();
        var victim = await factory.OrganizationAsync();
        var (_, victimKey) = await victim.Owner.CreateKeyAsync(victim.Org, new { name = "victim", org_role = "member" });

        // Three budgets' worth of forged tokens, all naming the victim's client address.
        var codes = new List<string>();
        for (var i = 0; i < TenancyFactory.Budget * 3; i++)
        {
            codes.Add(await CodeAsync(attacker.Verifier, new { key = Forged(i), client_ip = address }));
        }

        codes.Should().Contain("NOT_FOUND").And.Contain("RATE_LIMITED", "the attacking organization spent its own budget for {0}", address);
        (await CodeAsync(attacker.Verifier, new { key = Forged(999), client_ip = address })).Should().Be("RATE_LIMITED");

        // The victim's key, never seen before (no cache to hide behind), from that very address and through its own verifier.
        var direct = await factory.From(victimKey, address).GetAsync("/v1/me", TestContext.Current.CancellationToken);
        direct.StatusCode.Should().Be(HttpStatusCode.OK, "requests made directly from {0} keep their own budget", address);
        (await CodeAsync(victim.Verifier, new { key = victimKey, client_ip = address })).Should().Be("VALID");
        (await CodeAsync(victim.Verifier, new { key = Forged(1000), client_ip = address })).Should().Be("NOT_FOUND", "the victim's budget for the address is whole");
    }

    [Fact]
    public async Task FailuresMadeDirectlyFromAnAddress_DoNotSpendAnOrganizationsVerifyBudgetForIt()
    {
        RequireServers();
        var address = RandomAddress();
        var organization = await factory.OrganizationAsync();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < TenancyFactory.Budget * 3; i++)
        {
            statuses.Add((await factory.From(Forged(2000 + i), address).GetAsync("/v1/me", TestContext.Current.CancellationToken)).StatusCode);
        }

        statuses.Should().Contain(HttpStatusCode.TooManyRequests, "the address spent its own budget");
        (await CodeAsync(organization.Verifier, new { key = Forged(3000), client_ip = address })).Should().Be("NOT_FOUND");
    }



    private static async Task<string> CodeAsync(HttpClient verifier, object body)
    {
        var (response, answer) = await verifier.PostJsonAsync(Verify, body);
        response.StatusCode.Should().Be(HttpStatusCode.OK, answer?.ToJsonString());
        return answer!["code"]!.GetValue<string>();
    }

    // Well-formed (checksum and all) but no key's: each costs a lookup and counts as a failure.
    private static string Forged(int i) => ApiKeyToken.FromRandom("forged" + i.ToString("D6") + new string('f', 20)).Reveal();

    // Fresh per test: the Redis server is shared with other tests and runs.
    private static string RandomAddress() => $"198.18.{Random.Shared.Next(256)}.{Random.Shared.Next(1, 255)}";
}

public sealed class InMemoryTenantBudgetTests(TenancyFactory factory)
    : TenantBudgetTests<TenancyFactory>(factory), IClassFixture<TenancyFactory>;

public sealed class RedisTenantBudgetTests(RedisTenancyFactory factory)
    : TenantBudgetTests<RedisTenancyFactory>(factory), IClassFixture<RedisTenancyFactory>
{
    protected override void RequireServers() => TestRedis.SharedOrSkip();
}
