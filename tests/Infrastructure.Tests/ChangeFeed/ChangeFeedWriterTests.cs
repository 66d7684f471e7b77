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
public sealed class ChangeFeedWriterTests : OrganizationDatabaseTests
{
    [Fact]
    public async Task Save_ChangedKey_WritesOneFeedRow_AndWakesLongPolls()
    {
        var key = await AddKeyAsync("changed");
        await using var scope = Database.Scope();
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
        await using var scope = Database.Scope();
        var next = scope.ServiceProvider.GetRequiredService<KeyChangeSignal>().Next;

        var key = await AddKeyAsync("new");

        (await FeedRowsAsync(key.Id)).Should().Be(0, "a new key has nothing cached to evict");
        next.IsCompleted.Should().BeFalse();
    }

    [Fact]
    public async Task Save_LosingConcurrentChange_WritesNoFeedRow_AndWakesNobody()
    {
        var key = await AddKeyAsync("contended");
        await using var first = Database.Scope();
        await using var second = Database.Scope();
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
        await using var scope = Database.Scope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().KeyChanges.CountAsync(c => c.ApiKeyId == keyId, Cancel);
    }
}
