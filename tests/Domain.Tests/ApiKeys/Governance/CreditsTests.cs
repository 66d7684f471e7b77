using ApiKeys.Domain.ApiKeys.Governance;
using Microsoft.Extensions.Time.Testing;

namespace ApiKeys.Domain.Tests.ApiKeys.Governance;

public sealed class CreditsTests
{
    private static FakeTimeProvider At(int year, int month, int day, int hour = 0, int minute = 0) =>
        new(new DateTimeOffset(year, month, day, hour, minute, 0, TimeSpan.Zero));

    [Fact]
    public void Daily_RefillsAtTheNextUtcMidnight_AndNotBefore()
    {
        var time = At(2026, 12, 1, 10);
        var credits = new Credits(3, new CreditRefill(50, RefillInterval.Daily), time.GetUtcNow());

        time.Advance(TimeSpan.FromHours(13) + TimeSpan.FromMinutes(59));
        credits.At(time.GetUtcNow()).Remaining.Should().Be(3, "23:59 is still the same UTC day");

        time.Advance(TimeSpan.FromMinutes(1));
        var refilled = credits.At(time.GetUtcNow());
        refilled.Remaining.Should().Be(50);
        refilled.RefilledAt.Should().Be(new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero));

        time.Advance(TimeSpan.FromHours(5));
        refilled.At(time.GetUtcNow()).Should().BeSameAs(refilled, "one refill per boundary");
    }

    [Fact]
    public void Daily_AfterSeveralDaysAway_RefillsOnceToTheAmount()
    {
        var time = At(2026, 12, 1, 10);
        var credits = new Credits(0, new CreditRefill(7, RefillInterval.Daily), time.GetUtcNow());
        time.Advance(TimeSpan.FromDays(5));
        var refilled = credits.At(time.GetUtcNow());
        refilled.Remaining.Should().Be(7, "a refill sets the amount, it does not add up missed days");
        refilled.RefilledAt.Should().Be(new DateTimeOffset(2026, 12, 6, 0, 0, 0, TimeSpan.Zero));
    }

    [Theory]
    [InlineData(2026, 1, 31, 2026, 2, 1)]
    [InlineData(2028, 2, 29, 2028, 3, 1)]
    [InlineData(2027, 2, 28, 2027, 3, 1)]
    [InlineData(2026, 12, 31, 2027, 1, 1)]
    [InlineData(2026, 4, 30, 2026, 5, 1)]
    public void Monthly_RefillsAtTheFirstOfTheNextMonth(int y, int m, int d, int ny, int nm, int nd)
    {
        var time = At(y, m, d, 23, 59);
        var credits = new Credits(1, new CreditRefill(1000, RefillInterval.Monthly), time.GetUtcNow());
        credits.NextRefill(time.GetUtcNow()).Should().Be(new DateTimeOffset(ny, nm, nd, 0, 0, 0, TimeSpan.Zero));

        time.Advance(TimeSpan.FromSeconds(59));
        credits.At(time.GetUtcNow()).Remaining.Should().Be(1);

        time.Advance(TimeSpan.FromSeconds(1));
        credits.At(time.GetUtcNow()).Remaining.Should().Be(1000);
    }

    [Fact]
    public void Monthly_SetMidMonth_DoesNotRefillAtItsOwnMonthsStart()
    {
        var time = At(2026, 12, 15, 8);
        var credits = new Credits(2, new CreditRefill(9, RefillInterval.Monthly), time.GetUtcNow());
        time.Advance(TimeSpan.FromDays(16));
        credits.At(time.GetUtcNow()).Remaining.Should().Be(2, "Dec 31 is before the next boundary");
        time.Advance(TimeSpan.FromDays(1));
        credits.At(time.GetUtcNow()).Remaining.Should().Be(9);
    }

    [Fact]
    public void WithoutRefill_NeverChanges()
    {
        var time = At(2026, 12, 1);
        var credits = new Credits(4, null, time.GetUtcNow());
        time.Advance(TimeSpan.FromDays(400));
        credits.At(time.GetUtcNow()).Should().BeSameAs(credits);
        credits.NextRefill(time.GetUtcNow()).Should().BeNull();
    }

    [Fact]
    public void BoundariesAreUtc_WhateverTheOffsetOfNow()
    {
        // 2026-12-01T23:30-05:00 is 2026-12-02T04:30Z: past the UTC midnight.
        var setAt = new DateTimeOffset(2026, 12, 1, 20, 0, 0, TimeSpan.Zero);
        var credits = new Credits(0, new CreditRefill(5, RefillInterval.Daily), setAt);
        credits.At(new DateTimeOffset(2026, 12, 1, 23, 30, 0, TimeSpan.FromHours(-5))).Remaining.Should().Be(5);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(25, 25)]
    public void CostZero_NeedsOneLeftButTakesNothing(long cost, long needed) =>
        Credits.NeededFor(cost).Should().Be(needed);

    [Fact]
    public void Amounts_OutOfRange_Throw()
    {
        FluentActions.Invoking(() => new Credits(-1, null, DateTimeOffset.UnixEpoch)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => new Credits(Credits.MaxAmount + 1, null, DateTimeOffset.UnixEpoch)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => new CreditRefill(0, RefillInterval.Daily)).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Theory]
    [InlineData(11L, 100L, false)]
    [InlineData(10L, 100L, true)]
    [InlineData(0L, 100L, true)]
    [InlineData(1L, 9L, false)]
    [InlineData(0L, 9L, true)]
    [InlineData(0L, 0L, false)]
    [InlineData(100_000_000_000L, Credits.MaxAmount, true)]
    public void Low_AtOrBelowTenPercentOfTheGrant(long remaining, long granted, bool low) =>
        Credits.IsLow(remaining, granted).Should().Be(low);

    [Fact]
    public void Low_NeedsAGrant_AndLimitedCredits()
    {
        Credits.IsLow(null, 50).Should().BeFalse("unlimited");
        Credits.IsLow(1, null).Should().BeFalse("no grant recorded");
    }
}
