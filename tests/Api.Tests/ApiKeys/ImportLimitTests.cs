using System.Net;
using ApiKeys.Api.Tests.Harness;

namespace ApiKeys.Api.Tests.ApiKeys;

/// <summary>
/// Imports run a few at a time on a node (<c>RateLimiting:ConcurrentImports</c>, <c>QueuedImports</c>): one past the
/// queue is answered 429 in the contract's shape with a <c>Retry-After</c>, and imports nothing. Here one import at a
/// time and no queue, and several imports of a thousand keys sent at once.
/// </summary>
public class ImportLimitTests(ImportLimitTests.OneImportFactory factory) : IClassFixture<ImportLimitTests.OneImportFactory>
{
    private const int Callers = 6;
    private const int KeysPerCall = 1000;

    public sealed class OneImportFactory : ApiFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
        {
            ["RateLimiting:ConcurrentImports"] = "1",
            ["RateLimiting:QueuedImports"] = "0",
        };
    }

    [Fact]
    public async Task ImportsPastTheLimit_Are429WithRetryAfter_AndImportNothing()
    {
        var (org, ownerKey) = await factory.CreateOrganizationAsync();
        var owner = factory.WithToken(ownerKey);
        var import = $"/v1/organizations/{org}/api-keys/import";
        var retryAfter = new System.Collections.Concurrent.ConcurrentBag<bool>();
        var outcomes = await Race.RunAsync(3, trial => Task.FromResult<IReadOnlyList<RaceOperation>>(
            [.. Enumerable.Range(0, Callers).Select(caller => new RaceOperation("import", async () =>
            {
                var answer = await owner.PostJsonAsync(import, new
                {
                    keys = Enumerable.Range(0, KeysPerCall).Select(i => new { name = $"t{trial} c{caller} k{i}", plaintext = $"sk_test_{Guid.NewGuid():N}" }),
                });
                if (answer.Response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    retryAfter.Add(answer.Response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
                }

                return answer;
            }))]), outcome =>
        {
            outcome.ShouldHaveSucceeded("import").ShouldOnlyBeRefusedWith("import", (HttpStatusCode.TooManyRequests, "rate_limited"));
            return Task.CompletedTask;
        });

        outcomes.Sum(o => o.Of("import").Count(r => r.Status == HttpStatusCode.TooManyRequests))
            .Should().BeGreaterThan(0, "imports sent at once meet a limit of one at a time, none queued");
        retryAfter.Should().AllSatisfy(sent => sent.Should().BeTrue("a 429 says when to try again"));
        var imported = 0;
        string? cursor = null;
        do
        {
            var (_, page) = await owner.GetJsonAsync($"/v1/organizations/{org}/api-keys" + (cursor is null ? "" : $"?cursor={cursor}"));
            imported += page!["api_keys"]!.AsArray().Count;
            cursor = page["next_cursor"]?.GetValue<string>();
        }
        while (cursor is not null);
        imported.Should().Be(1 + (KeysPerCall * outcomes.Sum(o => o.Successes("import"))), "the owner key and the keys of each import that ran; a refused import imports nothing");
    }
}
