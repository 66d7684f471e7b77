using ApiKeys.Api.Tests.Harness;
using ApiKeys.Application.Abstractions;
using ApiKeys.Domain.Common;
using ApiKeys.Infrastructure.HotPath;
using ApiKeys.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ApiKeys.Api.Tests.Usage;

/// <summary>
/// Usage counts (contract §9): counted in memory per key and UTC hour, added to the database in batches by every
/// node (increments, never overwrites), written at a graceful stop, kept 90 days.
/// </summary>
public sealed class UsageCountTests
{
    [Fact]
    public async Task Counts_AreWrittenOnlyByAFlush_AndTwoNodesAddToTheSameHour()
    {
        await using var first = new UsageFactory();
        await first.InitializeAsync();
        await using var second = new UsageFactory(first.Database, ownsDatabase: false);
        await second.InitializeAsync();
        var key = ApiKeyId.New();
        var hour = UsageCounter.HourOf(DateTimeOffset.UtcNow);

        for (var round = 0; round < 3; round++)
        {
            Record(first, key, UsageOutcome.Valid, 10);
            Record(first, key, UsageOutcome.Rejected, 2);
            Record(second, key, UsageOutcome.Valid, 5);
            Record(second, key, UsageOutcome.RateLimited, 3);
            Record(second, key, UsageOutcome.UsageExceeded, 1);
            if (round == 0)
            {
                (await RowsAsync(first, key)).Should().BeEmpty("recording writes nothing: only a flush does");
            }

            await Task.WhenAll(FlushAsync(first), FlushAsync(second));
        }

        // A slow machine may cross into the next hour between two rounds: then the counts are split over two rows.
        var rows = await RowsAsync(first, key);
        rows.Should().NotBeEmpty().And.HaveCountLessThanOrEqualTo(2).And.OnlyContain(r => r.HourStart >= hour);
        rows.Aggregate(default(UsageCounts), (sum, r) => sum + r.Counts).Should().Be(new UsageCounts(Valid: 45, Rejected: 18, RateLimited: 9, UsageExceeded: 3),
            "rejected counts every outcome but valid; three rounds from two nodes are added, none overwrites another");
    }

    [Fact]
    public async Task ConcurrentFlushes_OfAHourNoRowHoldsYet_LoseNothing()
    {
        await using var factory = new UsageFactory();
        await factory.InitializeAsync();
        // Several trials, each on a row no one holds yet: a race lost once in a while must still fail a run.
        for (var trial = 0; trial < 5; trial++)
        {
            var slot = new UsageSlot(ApiKeyId.New(), UsageCounter.HourOf(DateTimeOffset.UtcNow));
            var batch = new Dictionary<UsageSlot, UsageCounts> { [slot] = new(Valid: 1, Rejected: 2, RateLimited: 1, UsageExceeded: 1) };

            // Eight writers (as eight nodes would) race to create the same row: one inserts, the others increment it.
            await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
            {
                await using var scope = factory.Services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<UsageWriter>().WriteAsync(batch, CancellationToken.None);
            }));

            (await RowsAsync(factory, slot.Key)).Should().ContainSingle($"trial {trial}")
                .Which.Counts.Should().Be(new UsageCounts(Valid: 8, Rejected: 16, RateLimited: 8, UsageExceeded: 8), $"trial {trial}");
        }
    }

    [Fact]
    public async Task AGracefulStop_WritesWhatWasCounted()
    {
        var database = TestDatabase.FromEnvironment();
        await database.CreateAsync();
        try
        {
            var key = ApiKeyId.New();
            await using (var node = new UsageFactory(database, ownsDatabase: false))
            {
                await node.InitializeAsync();
                Record(node, key, UsageOutcome.Valid, 7);
                Record(node, key, UsageOutcome.Rejected, 1);
                (await RowsAsync(node, key)).Should().BeEmpty("the flush interval is an hour: only the stop can have written them");
            }

            await using var restarted = new UsageFactory(database, ownsDatabase: false);
            await restarted.InitializeAsync();
            (await RowsAsync(restarted, key)).Should().ContainSingle()
                .Which.Counts.Should().Be(new UsageCounts(Valid: 7, Rejected: 1, RateLimited: 0, UsageExceeded: 0));
        }
        finally
        {
            await database.DropAsync();
        }
    }

    [Fact]
    public async Task AReadDuringAFlush_ShowsEveryCountOnce()
    {
        await using var factory = new UsageFactory();
        await factory.InitializeAsync();
        var key = ApiKeyId.New();
        var from = UsageCounter.HourOf(DateTimeOffset.UtcNow).AddHours(-1);
        var to = from.AddHours(3);
        var recorded = 0;
        // Many trials: a flush moves counts from memory to the rows while the read runs; each read must see every count
        // recorded before it once, whether the counts are still in memory, in flight or written.
        for (var trial = 0; trial < 40; trial++)
        {
            Record(factory, key, UsageOutcome.Valid, 5);
            recorded += 5;
            await using var scope = factory.Services.CreateAsyncScope();
            var history = scope.ServiceProvider.GetRequiredService<IUsageHistory>();
            var flush = Task.Run(() => FlushAsync(factory));
            var read = Task.Run(() => history.HourlyAsync(key, from, to, CancellationToken.None));
            await Task.WhenAll(flush, read);
            (await read).Values.Sum(c => c.Valid).Should().Be(recorded, $"trial {trial}: no count missed or shown twice");
        }
    }

    [Fact]
    public async Task HoursOlderThanNinetyDays_ArePruned_YoungerOnesKept()
    {
        await using var factory = new UsageFactory();
        await factory.InitializeAsync();
        var key = ApiKeyId.New();
        var now = UsageCounter.HourOf(DateTimeOffset.UtcNow);
        var one = new UsageCounts(1, 0, 0, 0);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<UsageWriter>().WriteAsync(new Dictionary<UsageSlot, UsageCounts>
            {
                [new(key, now.AddDays(-91))] = one,
                [new(key, now.AddDays(-89))] = one,
                [new(key, now)] = one,
            }, CancellationToken.None);
        }

        // The pruner's own first run may come after the writes on a loaded machine and delete the old hour before this
        // call does: what is left is the assertion, not which run deleted it.
        var pruner = factory.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<UsagePruner>().Single();
        await pruner.PruneAsync(CancellationToken.None);

        (await RowsAsync(factory, key)).Select(r => r.HourStart).Should().BeEquivalentTo([now.AddDays(-89), now]);
    }

    private static void Record(ApiFactory factory, ApiKeyId key, UsageOutcome outcome, int times)
    {
        var counter = factory.Services.GetRequiredService<IUsageCounter>();
        for (var i = 0; i < times; i++)
        {
            counter.Record(key, outcome);
        }
    }

    private static Task FlushAsync(ApiFactory factory) => factory.Services.GetRequiredService<UsageFlusher>().FlushAsync(CancellationToken.None);

    private static async Task<List<UsageHour>> RowsAsync(ApiFactory factory, ApiKeyId key)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.UsageHours.AsNoTracking().Where(u => u.ApiKeyId == key).OrderBy(u => u.HourStart).ToListAsync();
    }
}
