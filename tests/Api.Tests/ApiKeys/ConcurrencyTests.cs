using System.Net;
using ApiKeys.Api.Tests.Harness;

namespace ApiKeys.Api.Tests.ApiKeys;

/// <summary>Issue 5: optimistic concurrency. Of 20 parallel regenerations of one key exactly one wins.</summary>
public class ConcurrencyTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task TwentyParallelRegenerations_ExactlyOneSucceeds_AndExactlyOneSecretWorks()
    {
        var (org, ownerKey) = await factory.CreateOrganizationAsync();
        var owner = factory.WithToken(ownerKey);
        var keys = $"/v1/organizations/{org}/api-keys";
        var (_, created) = await owner.PostJsonAsync(keys, new { name = "contended", org_role = "member" });
        var id = created!["api_key"]!["id"]!.GetValue<string>();
        var original = created["plaintext_api_key"]!.GetValue<string>();

        using var start = new SemaphoreSlim(0);
        var attempts = Enumerable.Range(0, 20).Select(async _ =>
        {
            await start.WaitAsync(TestContext.Current.CancellationToken);
            return await owner.PostJsonAsync($"{keys}/{id}/regenerate", new { grace_period_seconds = 0 });
        }).ToList();
        start.Release(20);
        var results = await Task.WhenAll(attempts);

        results.Count(r => r.Response.StatusCode == HttpStatusCode.OK).Should().Be(1);
        results.Where(r => r.Response.StatusCode != HttpStatusCode.OK).Should()
            .OnlyContain(r => r.Response.StatusCode == HttpStatusCode.Conflict && r.Body!["code"]!.GetValue<string>() == "concurrent_update");

        var secrets = results.Where(r => r.Response.StatusCode == HttpStatusCode.OK).Select(r => r.Body!["plaintext_api_key"]!.GetValue<string>()).Append(original);
        var working = new List<string>();
        foreach (var secret in secrets)
        {
            if ((await factory.WithToken(secret).GetAsync("/v1/me", TestContext.Current.CancellationToken)).StatusCode == HttpStatusCode.OK)
            {
                working.Add(secret);
            }
        }

        working.Should().ContainSingle().Which.Should().NotBe(original);
        var (_, audit) = await owner.GetJsonAsync($"/v1/organizations/{org}/audit-events?key_id={id}&action=api_key.regenerated");
        audit!["audit_events"]!.AsArray().Should().ContainSingle("nothing is doubled");
    }
}
