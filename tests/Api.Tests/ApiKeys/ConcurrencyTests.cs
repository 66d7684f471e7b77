using System.Net;
using ApiKeys.Application.Abstractions;
using ApiKeys.Application.Common.Paging;
using ApiKeys.Api.Tests.Harness;
using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.Common;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace ApiKeys.Api.Tests.ApiKeys;

/// <summary>
/// Optimistic concurrency of regeneration: requests that loaded the same version of a key race to save it, and the
/// key's version token lets exactly one of them commit. A gate holds each regeneration of a round right after it
/// loaded the key until every one of the round has, so they provably loaded the same version; nothing else makes
/// the losers lose (a key may be regenerated again at once).
/// </summary>
public sealed class ConcurrencyTests(ConcurrencyTests.GatedFactory factory) : IClassFixture<ConcurrencyTests.GatedFactory>
{
    private const int Racers = 6;
    private const int Rounds = 3;

    [Fact]
    public async Task RegenerationsOfTheSameVersion_HaveOneWinner_OnlyTheLastWinnersSecretWorks_AndEveryWinIsAudited()
    {
        var (org, ownerKey) = await factory.CreateOrganizationAsync();
        var owner = factory.WithToken(ownerKey);
        var keys = $"/v1/organizations/{org}/api-keys";
        var (_, created) = await owner.PostJsonAsync(keys, new { name = "contended", org_role = "member" });
        var id = created!["api_key"]!["id"]!.GetValue<string>();
        var losers = new List<string> { created["plaintext_api_key"]!.GetValue<string>() };
        string? winner = null;

        for (var round = 1; round <= Rounds; round++)
        {
            factory.Gate.Arm(Racers);
            var results = await Task.WhenAll(Enumerable.Range(0, Racers)
                .Select(_ => owner.PostJsonAsync($"{keys}/{id}/regenerate", new { grace_period_seconds = 0 })));
            factory.Gate.Disarm();

            var statuses = string.Join(", ", results.Select(r => $"{(int)r.Response.StatusCode} {r.Body?["code"]}"));
            results.Should().ContainSingle(r => r.Response.StatusCode == HttpStatusCode.OK, $"round {round}: all {Racers} loaded the same version ({statuses})");
            results.Where(r => r.Response.StatusCode != HttpStatusCode.OK).Should()
                .OnlyContain(r => r.Response.StatusCode == HttpStatusCode.Conflict && r.Body!["code"]!.GetValue<string>() == "concurrent_update", statuses);
            if (winner is not null)
            {
                losers.Add(winner);
            }

            winner = results.Single(r => r.Response.StatusCode == HttpStatusCode.OK).Body!["plaintext_api_key"]!.GetValue<string>();
        }

        (await factory.WithToken(winner!).GetAsync("/v1/me", TestContext.Current.CancellationToken)).StatusCode.Should().Be(HttpStatusCode.OK, "the last winner's secret is the key's");
        foreach (var old in losers)
        {
            (await factory.WithToken(old).GetAsync("/v1/me", TestContext.Current.CancellationToken)).StatusCode
                .Should().Be(HttpStatusCode.Unauthorized, "a replaced secret stops at once (no grace period)");
        }

        var (_, audit) = await owner.GetJsonAsync($"/v1/organizations/{org}/audit-events?key_id={id}&action=api_key.regenerated");
        audit!["audit_events"]!.AsArray().Should().HaveCount(Rounds, "one event per success, none for a loser");
    }

    /// <summary>Holds key loads by id while armed, until the expected number of requests have loaded.</summary>
    public sealed class LoadGate
    {
        private TaskCompletionSource _allLoaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _expected;
        private int _arrived;

        public void Arm(int requests)
        {
            _allLoaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
            _arrived = 0;
            Volatile.Write(ref _expected, requests);
        }

        public void Disarm() => Volatile.Write(ref _expected, 0);

        public async Task PassAsync(CancellationToken cancellationToken)
        {
            var expected = Volatile.Read(ref _expected);
            if (expected == 0)
            {
                return;
            }

            var allLoaded = _allLoaded;
            if (Interlocked.Increment(ref _arrived) == expected)
            {
                allLoaded.TrySetResult();
            }

            await allLoaded.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        }
    }

    public sealed class GatedFactory : ApiFactory
    {
        public LoadGate Gate { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services =>
            {
                var real = services.Single(d => d.ServiceType == typeof(IApiKeyRepository));
                services.Remove(real);
                services.AddScoped<IApiKeyRepository>(sp => new GatedKeys((IApiKeyRepository)ActivatorUtilities.CreateInstance(sp, real.ImplementationType!), Gate));
            });
        }
    }

    /// <summary>The real repository; a load by id waits at the gate once the row is read.</summary>
    private sealed class GatedKeys(IApiKeyRepository inner, LoadGate gate) : IApiKeyRepository
    {
        public async Task<ApiKey?> FindAsync(OrganizationId organizationId, ApiKeyId id, CancellationToken cancellationToken)
        {
            var key = await inner.FindAsync(organizationId, id, cancellationToken);
            await gate.PassAsync(cancellationToken);
            return key;
        }

        public Task<ApiKey?> FindByPrefixAsync(string keyPrefix, CancellationToken cancellationToken) => inner.FindByPrefixAsync(keyPrefix, cancellationToken);

        public Task<bool> PrefixExistsAsync(string keyPrefix, CancellationToken cancellationToken) => inner.PrefixExistsAsync(keyPrefix, cancellationToken);

        public Task<IReadOnlyList<string>> ExistingPrefixesAsync(IReadOnlyCollection<string> keyPrefixes, CancellationToken cancellationToken) => inner.ExistingPrefixesAsync(keyPrefixes, cancellationToken);

        public Task<Page<ApiKey>> ListAsync(OrganizationId organizationId, ApiKeyFilter filter, KeyListCursor? after, int limit, CancellationToken cancellationToken) =>
            inner.ListAsync(organizationId, filter, after, limit, cancellationToken);

        public Task<IReadOnlyList<ApiKey>> ListForChangeAsync(OrganizationId organizationId, ApiKeyFilter filter, int max, CancellationToken cancellationToken) =>
            inner.ListForChangeAsync(organizationId, filter, max, cancellationToken);

        public Task<IReadOnlyList<ApiKey>> ListLimitedToAppAsync(OrganizationId organizationId, string appId, CancellationToken cancellationToken) =>
            inner.ListLimitedToAppAsync(organizationId, appId, cancellationToken);

        public Task<IReadOnlyList<ApiKeyId>?> RemoveAppRolesAsync(OrganizationId organizationId, string appId, DateTimeOffset now, CancellationToken cancellationToken) =>
            inner.RemoveAppRolesAsync(organizationId, appId, now, cancellationToken);

        public Task<bool> SaveRevokedAsync(OrganizationId organizationId, IReadOnlyList<ApiKey> revoked, DateTimeOffset now, CancellationToken cancellationToken) =>
            inner.SaveRevokedAsync(organizationId, revoked, now, cancellationToken);

        public Task<IReadOnlyList<ApiKey>> ListByIdsAsync(OrganizationId organizationId, IReadOnlyCollection<ApiKeyId> ids, CancellationToken cancellationToken) =>
            inner.ListByIdsAsync(organizationId, ids, cancellationToken);

        public Task<IReadOnlyList<ApiKey>> ListCreatedByAsync(OrganizationId organizationId, IReadOnlyCollection<string> userIds, IReadOnlyCollection<string> keyIds, CancellationToken cancellationToken) =>
            inner.ListCreatedByAsync(organizationId, userIds, keyIds, cancellationToken);

        public Task<int> CountOwnerKeysAsync(OrganizationId organizationId, DateTimeOffset now, CancellationToken cancellationToken) =>
            inner.CountOwnerKeysAsync(organizationId, now, cancellationToken);

        public Task<bool> IsUnrevokedAsync(OrganizationId organizationId, ApiKeyId id, CancellationToken cancellationToken) =>
            inner.IsUnrevokedAsync(organizationId, id, cancellationToken);

        public void Add(ApiKey apiKey) => inner.Add(apiKey);

        public Task<bool> RecordDigestAsync(ApiKeyId id, string keyPrefix, bool previous, string digest, CancellationToken cancellationToken) =>
            inner.RecordDigestAsync(id, keyPrefix, previous, digest, cancellationToken);
    }
}
