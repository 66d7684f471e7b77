using ApiKeys.Application.Abstractions;
using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.ApiKeys.Governance;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Organizations;
using ApiKeys.Domain.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ApiKeys.Infrastructure.Tests.Persistence;

/// <summary>
/// The credits ledger on the real schema (SQLite, and PostgreSQL on .ci/run's second pass): the refill
/// is applied in the same conditional UPDATE that takes, once per UTC boundary, and nothing is taken beyond what is left.
/// </summary>
public sealed class CreditLedgerTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 31, 22, 0, 0, TimeSpan.Zero));
    private readonly Organization _organization = Organization.Create("Acme", TestData.Start);
    private TestDatabase _database = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _database = await TestDatabase.CreateAsync(Cancel, _time);

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    /// <param name="withOrganization">Whether the organization is stored too (only with its first key).</param>
    private async Task<ApiKey> SeedAsync(Credits? credits, bool withOrganization = true)
    {
        var key = TestData.Key(_organization, "metered", TestData.Start);
        key.Govern(new UsagePolicy(true, [], credits, AllowedCidrs.None, null), _time.GetUtcNow());
        await using var scope = _database.Scope();
        if (withOrganization)
        {
            scope.ServiceProvider.GetRequiredService<IOrganizationRepository>().Add(_organization);
        }

        scope.ServiceProvider.GetRequiredService<IApiKeyRepository>().Add(key);
        (await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(Cancel)).IsSuccess.Should().BeTrue();
        return key;
    }

    // The key's credits as seeded: what a node's cached policy passes (it does not follow the takes).
    private async Task<CreditTake> TakeAsync(ApiKey key, long cost, Credits? cached = null)
    {
        await using var scope = _database.Scope();
        return await scope.ServiceProvider.GetRequiredService<ICreditLedger>().TakeAsync(key.Id, cost, cached ?? key.Credits!, Cancel);
    }

    private async Task<Credits> StoredAsync(ApiKey key)
    {
        await using var scope = _database.Scope();
        return (await scope.ServiceProvider.GetRequiredService<IApiKeyRepository>().FindAsync(_organization.Id, key.Id, Cancel))!.Credits!;
    }

    [Fact]
    public async Task Take_TakesTheCost_OnlyWhileEnoughIsLeft()
    {
        var key = await SeedAsync(new Credits(5, null, _time.GetUtcNow()));
        (await TakeAsync(key, 3)).Should().Be(new CreditTake(true, 2));
        (await TakeAsync(key, 3)).Should().Be(new CreditTake(false, 2), "3 is more than what is left: nothing is taken");
        (await TakeAsync(key, 0)).Should().Be(new CreditTake(true, 2), "cost 0 checks");
        (await TakeAsync(key, 2)).Should().Be(new CreditTake(true, 0) { LowDue = true }, "0 of the 5 granted is low");
        (await TakeAsync(key, 0)).Should().Be(new CreditTake(false, 0) { LowDue = true }, "at 0 even a check is refused (and still low)");
    }

    [Fact]
    public async Task Take_OfAKeyWithoutCredits_IsUnlimited() =>
        (await TakeAsync(await SeedAsync(null), 1_000, new Credits(5, null, _time.GetUtcNow()))).Should().Be(new CreditTake(true, null), "a policy cached before the owner removed the credits");

    [Fact]
    public async Task DailyRefill_IsAppliedOnceAtEachUtcMidnight_InTheTakingStatement()
    {
        var key = await SeedAsync(new Credits(1, new CreditRefill(10, RefillInterval.Daily), _time.GetUtcNow()));
        (await TakeAsync(key, 1)).Should().Be(new CreditTake(true, 0) { LowDue = true });
        _time.Advance(TimeSpan.FromMinutes(119));
        (await TakeAsync(key, 1)).Should().Be(new CreditTake(false, 0) { LowDue = true }, "23:59 is still January 31st");

        _time.Advance(TimeSpan.FromMinutes(1));
        (await TakeAsync(key, 4)).Should().Be(new CreditTake(true, 6), "refilled to 10 at midnight, then 4 taken");
        (await StoredAsync(key)).RefilledAt.Should().Be(new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero));
        (await TakeAsync(key, 4)).Should().Be(new CreditTake(true, 2), "one refill per boundary");

        _time.Advance(TimeSpan.FromDays(3));
        (await TakeAsync(key, 10)).Should().Be(new CreditTake(true, 0) { LowDue = true }, "days away refill once, to the amount");
    }

    [Fact]
    public async Task MonthlyRefill_WaitsForTheFirstOfTheMonth()
    {
        var key = await SeedAsync(new Credits(0, new CreditRefill(3, RefillInterval.Monthly), _time.GetUtcNow()));
        _time.Advance(TimeSpan.FromHours(1));
        (await TakeAsync(key, 1)).Should().Be(new CreditTake(false, 0), "January 31st, 23:00");
        _time.Advance(TimeSpan.FromHours(1));
        (await TakeAsync(key, 1)).Should().Be(new CreditTake(true, 2), "February 1st");
        _time.Advance(TimeSpan.FromDays(27));
        (await TakeAsync(key, 1)).Should().Be(new CreditTake(true, 1), "February 28th: no refill yet");
        _time.Advance(TimeSpan.FromDays(1));
        (await TakeAsync(key, 3)).Should().Be(new CreditTake(true, 0) { LowDue = true }, "March 1st, and 0 of the 3 the refill granted is low");
    }

    [Fact]
    public async Task LowDue_IsMeasuredAgainstTheLastGrant_TheRefillsToo()
    {
        var key = await SeedAsync(new Credits(100, new CreditRefill(10, RefillInterval.Daily), _time.GetUtcNow()));
        (await TakeAsync(key, 89)).LowDue.Should().BeFalse("11 of 100 is not low");
        (await TakeAsync(key, 1)).LowDue.Should().BeTrue("10 of 100 is");
        (await TakeAsync(key, 0)).LowDue.Should().BeTrue("still due: nothing raised it yet");
        await NoticeAsync(key);
        // The node learns of the raise at its next reservation (credits are spent from memory in between).
        _time.Advance(TimeSpan.FromSeconds(3));
        (await TakeAsync(key, 1)).LowDue.Should().BeFalse("raised for this grant");
        (await NoticeAsync(key)).IsSuccess.Should().BeFalse("one notice per key and grant");

        _time.Advance(TimeSpan.FromHours(2));
        (await TakeAsync(key, 1)).Should().Be(new CreditTake(true, 9), "refilled to 10 at midnight: 9 of 10 is not low");
        (await TakeAsync(key, 8)).Should().Be(new CreditTake(true, 1) { LowDue = true }, "1 of the 10 granted by the refill: a new grant, due again");
    }

    private async Task<Result> NoticeAsync(ApiKey key)
    {
        await using var scope = _database.Scope();
        var stored = (await scope.ServiceProvider.GetRequiredService<IApiKeyRepository>().FindAsync(_organization.Id, key.Id, Cancel))!;
        scope.ServiceProvider.GetRequiredService<ICreditNoticeRepository>().Add(CreditNotice.For(key.Id, stored.CreditsRefilledAt!.Value));
        return await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(Cancel);
    }

    [Fact]
    public async Task ConcurrentTakersOnFourNodes_NeverOverspendTheRow()
    {
        // Four ledgers (four nodes) claim from one key's row at once; only the row's conditional UPDATE stands between
        // them. What a node claimed and did not spend may stay in its reservation, so the takes can fall short of 50,
        // never past it, and the row never goes below zero.
        var nodes = Enumerable.Range(0, 4).Select(_ => _database.NewNode()).ToList();
        try
        {
            for (var trial = 0; trial < 3; trial++)
            {
                var key = await SeedAsync(new Credits(50, null, _time.GetUtcNow()), withOrganization: trial == 0);
                var takes = await Task.WhenAll(nodes.SelectMany(node => Enumerable.Range(0, 40).Select(_ => Task.Run(() => TakeOnAsync(node, key)))));

                takes.Count(t => t.Taken).Should().BeInRange(1, 50, $"trial {trial}: some takes went through, never more than the 50 granted");
                takes.Should().Contain(t => !t.Taken, $"trial {trial}: 160 takers for 50 credits");
                (await StoredAsync(key)).Remaining.Should().BeGreaterThanOrEqualTo(0, $"trial {trial}");
            }
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task ARefillBoundary_WhileTwoNodesHoldReservations_GrantsTheRefillOnce_AndTheOldGrantDies()
    {
        // 22:00 on January 31st, 1,000 left and a daily refill to 30. Each node spends 5 from a reservation that
        // holds far more (batches follow what is left), then midnight passes with both reservations held.
        var refill = new Credits(1_000, new CreditRefill(30, RefillInterval.Daily), _time.GetUtcNow());
        var nodes = new[] { _database.NewNode(), _database.NewNode() };
        try
        {
            var key = await SeedAsync(refill);
            foreach (var node in nodes)
            {
                for (var i = 0; i < 5; i++)
                {
                    (await TakeOnAsync(node, key)).Taken.Should().BeTrue("before midnight, 10 of 1,000 spent");
                }
            }

            (await StoredAsync(key)).Remaining.Should().BeLessThan(990 - 16, "both nodes hold credits reserved from the old grant");
            _time.Advance(TimeSpan.FromHours(2));

            // After the boundary, with the policy cached before it: node A's first verify applies the refill, so the
            // new grant is there when node B gives back what it held of the old one (which must not join it). Then 79
            // verifies over both nodes: the new grant is 30 whatever the nodes held of the old one.
            var first = await TakeOnAsync(nodes[0], key);
            first.Taken.Should().BeTrue();
            var takes = await Task.WhenAll(Enumerable.Range(0, 79).Select(i => Task.Run(() => TakeOnAsync(nodes[(i + 1) % 2], key))));
            var taken = 1 + takes.Count(t => t.Taken);
            taken.Should().BeInRange(30 - nodes.Length, 30, "the refill grants 30; near zero a node may hold one unspent");

            // Both nodes stop gracefully: what they hold goes back to the new grant. Then the reservations of the old
            // grant, long expired, are reclaimed: nothing of them may go to the new one.
            foreach (var node in nodes)
            {
                await node.GetRequiredService<CreditReservations.ReservationSweeper>().StopAsync(Cancel);
            }

            _time.Advance(TimeSpan.FromMinutes(1));
            await nodes[0].GetRequiredService<CreditReservations.ReservationSweeper>().SweepAsync(Cancel);

            var stored = await StoredAsync(key);
            stored.RefilledAt.Should().Be(new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero), "one refill, at the boundary");
            (taken + stored.Remaining).Should().Be(30, "spent and left add up to the new grant: nothing lost, nothing of the old grant added");
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
        }
    }

    private async Task<CreditTake> TakeOnAsync(ServiceProvider node, ApiKey key)
    {
        await using var scope = node.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ICreditLedger>().TakeAsync(key.Id, 1, key.Credits!, Cancel);
    }

    [Fact]
    public async Task ConcurrentTakers_NeverOverspend()
    {
        var key = await SeedAsync(new Credits(50, null, _time.GetUtcNow()));
        var takes = await Task.WhenAll(Enumerable.Range(0, 120).Select(_ => Task.Run(() => TakeAsync(key, 1))));
        takes.Count(t => t.Taken).Should().Be(50);
        (await StoredAsync(key)).Remaining.Should().Be(0);
    }
}
