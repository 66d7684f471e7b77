using ApiKeys.Api.Tests.Harness;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace ApiKeys.Api.Tests.Tenancy;

/// <summary>
/// The service with a small failure budget, client addresses the test names (<see cref="TestClientAddress"/>) and a
/// clock the test moves; <see cref="FlushUsesAsync"/> writes <c>last_used_at</c> and usage counts now.
/// </summary>
public class TenancyFactory : FakeClockFactory
{
    public const int Budget = 5;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Auth:HotPath:FailureBudget"] = Budget.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Auth:HotPath:FailureWindowSeconds"] = "600",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddTransient<IStartupFilter, TestClientAddress>());
    }

    /// <summary>A new organization: its owner, and a verifier key holding only <c>apikey.verify</c>.</summary>
    public async Task<(string Org, HttpClient Owner, HttpClient Verifier)> OrganizationAsync()
    {
        var (org, ownerKey) = await CreateOrganizationAsync();
        var owner = WithToken(ownerKey);
        var (_, verifier) = await owner.CreateKeyAsync(org, new { name = "verifier", org_role = "admin", scopes = new[] { "apikey.verify" } });
        return (org, owner, WithToken(verifier));
    }

    public HttpClient From(string token, string address)
    {
        var client = WithToken(token);
        client.DefaultRequestHeaders.Add(TestClientAddress.Header, address);
        return client;
    }
}

/// <summary>The same with failure budgets in the shared Redis server (<see cref="TestRedis.Variable"/>); without one its tests are skipped.</summary>
public sealed class RedisTenancyFactory : TenancyFactory
{
    protected override IDictionary<string, string?> Settings => TestRedis.Shared is { } redis
        ? new Dictionary<string, string?>(base.Settings) { ["Redis:Configuration"] = redis }
        : base.Settings;
}
