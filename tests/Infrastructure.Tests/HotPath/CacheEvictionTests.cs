using ApiKeys.Application.Abstractions;
using ApiKeys.Application.KeyChecking;
using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Organizations;
using ApiKeys.Infrastructure.HotPath;
using ApiKeys.Infrastructure.Tests.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace ApiKeys.Infrastructure.Tests.HotPath;

/// <summary>This node's key cache forgets a key when a save that changed it commits, and only then.</summary>
public sealed class CacheEvictionTests : OrganizationDatabaseTests
{
    [Fact]
    public async Task Save_ChangedKey_EvictsItsCachedToken()
    {
        var key = await AddKeyAsync("changed");
        await using var scope = Database.Scope();
        var cache = Cached(scope, key, "token-hash");
        var copy = await FindAsync(scope, key.Id);
        copy.Regenerate(TestData.Secret(), TimeSpan.Zero, KeyPolicy.Default, TestData.Start.AddMinutes(1)).IsSuccess.Should().BeTrue();

        (await SaveAsync(scope)).IsSuccess.Should().BeTrue();

        cache.TryGetVerified(Sha256Digest.Of("token-hash"), out _).Should().BeFalse();
    }

    [Fact]
    public async Task Save_LosingConcurrentChange_KeepsTheCachedToken()
    {
        var key = await AddKeyAsync("contended");
        await using var first = Database.Scope();
        await using var second = Database.Scope();
        var firstCopy = await FindAsync(first, key.Id);
        var secondCopy = await FindAsync(second, key.Id);
        firstCopy.Regenerate(TestData.Secret(), TimeSpan.Zero, KeyPolicy.Default, TestData.Start.AddMinutes(1)).IsSuccess.Should().BeTrue();
        secondCopy.Regenerate(TestData.Secret(), TimeSpan.Zero, KeyPolicy.Default, TestData.Start.AddMinutes(1)).IsSuccess.Should().BeTrue();
        (await SaveAsync(first)).IsSuccess.Should().BeTrue();
        var cache = Cached(second, key, "token-hash");

        (await SaveAsync(second)).IsSuccess.Should().BeFalse();

        cache.TryGetVerified(Sha256Digest.Of("token-hash"), out _).Should().BeTrue("nothing was committed, so nothing is evicted");
    }

    private static KeyCache Cached(AsyncServiceScope scope, ApiKey key, string tokenHash)
    {
        var cache = scope.ServiceProvider.GetRequiredService<KeyCache>();
        cache.Remember(Sha256Digest.Of(tokenHash), new AuthenticatedKey(key.Id, key.OrganizationId, Access.None, null, null, null), Sha256Digest.Of("$argon2id$"), TestData.Start, cache.EvictionStamp);
        cache.TryGetVerified(Sha256Digest.Of(tokenHash), out _).Should().BeTrue();
        return cache;
    }
}
