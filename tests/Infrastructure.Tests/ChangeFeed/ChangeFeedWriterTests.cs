using ApiKeys.Application.Abstractions;
using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Organizations;
using ApiKeys.Infrastructure.ChangeFeed;
using ApiKeys.Infrastructure.Persistence;
using ApiKeys.Infrastructure.Tests.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ApiKeys.Infrastructure.Tests.ChangeFeed;

/// <summary>The feed rows are written by the save itself (an interceptor), in its transaction, and only a commit wakes long polls.</summary>
public sealed class ChangeFeedWriterTests : IAsyncLifetime
{
    private readonly Organization _organization = Organization.Create("Acme", TestData.Start);
    private SqliteDatabase _database = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _database = await SqliteDatabase.CreateAsync(Cancel);
        await using var scope = _database.Scope();
        scope.ServiceProvider.GetRequiredService<IOrganizationRepository>().Add(_organization);
        (await SaveAsync(scope)).IsSuccess.Should().BeTrue();
    }

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task Save_ChangedKey_WritesOneFeedRow_AndWakesLongPolls()
    {
        var key = await AddKeyAsync("changed");
        await using var scope = _database.Scope();
        var copy = await FindAsync(scope, key.Id);
        copy.Regenerate(TestData.Secret(), TimeSpan.Zero, KeyPolicy.Default, TestData.Start.AddMinutes(1)).IsSuccess.Should().BeTrue();
        var next = scope.ServiceProvider.GetRequiredService<KeyChangeSignal>().Next;

        (await SaveAsync(scope)).IsSuccess.Should().BeTrue();

        (await FeedRowsAsync(key.Id)).Should().Be(1);
        next.IsCompleted.Should().BeTrue("a committed key change wakes this node's long polls");
    }

    [Fact]
    public async Task Save_NewKeyOnly_WritesNoFeedRow_AndWakesNobody()
    {
        await using var scope = _database.Scope();
        var next = scope.ServiceProvider.GetRequiredService<KeyChangeSignal>().Next;

        var key = await AddKeyAsync("new");

        (await FeedRowsAsync(key.Id)).Should().Be(0, "a new key has nothing cached to evict");
        next.IsCompleted.Should().BeFalse();
    }

    [Fact]
    public async Task Save_LosingConcurrentChange_WritesNoFeedRow_AndWakesNobody()
    {
        var key = await AddKeyAsync("contended");
        await using var first = _database.Scope();
        await using var second = _database.Scope();
        var firstCopy = await FindAsync(first, key.Id);
        var secondCopy = await FindAsync(second, key.Id);
        firstCopy.Regenerate(TestData.Secret(), TimeSpan.Zero, KeyPolicy.Default, TestData.Start.AddMinutes(1)).IsSuccess.Should().BeTrue();
        secondCopy.Regenerate(TestData.Secret(), TimeSpan.Zero, KeyPolicy.Default, TestData.Start.AddMinutes(1)).IsSuccess.Should().BeTrue();
        (await SaveAsync(first)).IsSuccess.Should().BeTrue();
        var next = second.ServiceProvider.GetRequiredService<KeyChangeSignal>().Next;

        (await SaveAsync(second)).Error.Should().Be(ApiKeyErrors.ConcurrentUpdate);

        (await FeedRowsAsync(key.Id)).Should().Be(1, "the loser's row went with its rolled-back save");
        next.IsCompleted.Should().BeFalse();
    }

    private async Task<int> FeedRowsAsync(ApiKeyId keyId)
    {
        await using var scope = _database.Scope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().KeyChanges.CountAsync(c => c.ApiKeyId == keyId, Cancel);
    }

    private async Task<ApiKey> AddKeyAsync(string name)
    {
        var key = TestData.Key(_organization, name, TestData.Start);
        await using var scope = _database.Scope();
        scope.ServiceProvider.GetRequiredService<IApiKeyRepository>().Add(key);
        (await SaveAsync(scope)).IsSuccess.Should().BeTrue();
        return key;
    }

    private async Task<ApiKey> FindAsync(AsyncServiceScope scope, ApiKeyId id) =>
        await scope.ServiceProvider.GetRequiredService<IApiKeyRepository>().FindAsync(_organization.Id, id, Cancel)
        ?? throw new InvalidOperationException($"{id} was not saved.");

    private static Task<Result> SaveAsync(AsyncServiceScope scope) =>
        scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(Cancel);
}
