using ApiKeys.Domain.ApiKeys.Governance;
using ApiKeys.Domain.Authorization;

namespace ApiKeys.Domain.Tests.ApiKeys.Governance;

/// <summary>
/// Contract §2 "Governance is power too": a key with limits covers only keys at least as limited. Each boundary of
/// <see cref="KeyLimits.IsWithin"/>: equal is within, one step looser is not.
/// </summary>
public sealed class KeyLimitsTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static KeyLimits Rate(params (long Limit, int Window)[] limits) =>
        new([.. limits.Select((l, i) => new RateLimit($"l{i}", l.Limit, l.Window))], null, AllowedCidrs.None, null);

    private static KeyLimits WithCredits(long remaining, long? refill = null, RefillInterval interval = RefillInterval.Daily) =>
        new([], new Credits(remaining, refill is { } amount ? new CreditRefill(amount, interval) : null, Now), AllowedCidrs.None, null);

    private static KeyLimits Networks(params string[] cidrs)
    {
        AllowedCidrs.TryParse(cidrs, out var parsed, out var error).Should().BeTrue(error);
        return new([], null, parsed, null);
    }

    private static KeyLimits Until(DateTimeOffset? expiresAt) => new([], null, AllowedCidrs.None, expiresAt);

    [Fact]
    public void NoBound_CoversAnything_AndAnUnlimitedTargetIsWithinNoLimitedBound()
    {
        Rate((6, 60)).IsWithin(KeyLimits.None).Should().BeTrue();
        KeyLimits.None.IsWithin(KeyLimits.None).Should().BeTrue();
        KeyLimits.None.IsWithin(Rate((6, 60))).Should().BeFalse("a key cannot mint an unlimited child");
        KeyLimits.None.IsWithin(WithCredits(5)).Should().BeFalse();
        KeyLimits.None.IsWithin(Networks("203.0.113.0/24")).Should().BeFalse();
        KeyLimits.None.IsWithin(Until(Now.AddDays(1))).Should().BeFalse();
    }

    [Theory]
    [InlineData(6, 60, true)]
    [InlineData(5, 60, true)]
    [InlineData(6, 61, true)]
    [InlineData(7, 60, false)]
    [InlineData(6, 59, false)]
    [InlineData(1, 1, false)]
    public void RateLimits_LimitNoLargerAndWindowNoShorter(long limit, int window, bool within) =>
        Rate((limit, window)).IsWithin(Rate((6, 60))).Should().Be(within);

    [Fact]
    public void RateLimits_EachOfTheBoundsIsMatched()
    {
        var bound = Rate((6, 60), (100, 86_400));
        Rate((6, 60)).IsWithin(bound).Should().BeFalse("the daily limit is missing");
        Rate((6, 60), (100, 86_400)).IsWithin(bound).Should().BeTrue();
        Rate((5, 3_600), (6, 60)).IsWithin(bound).Should().BeFalse("nothing matches the daily limit of 100");
        Rate((5, 86_400)).IsWithin(bound).Should().BeTrue("5 a day is within 6 a minute and 100 a day");
    }

    [Theory]
    [InlineData(10L, null, true)]
    [InlineData(9L, null, true)]
    [InlineData(11L, null, false)]
    [InlineData(10L, 20L, false)]
    public void Credits_NoMoreThanTheBoundsRemaining_AndNoRefillWhereTheBoundHasNone(long remaining, long? refill, bool within) =>
        WithCredits(remaining, refill).IsWithin(WithCredits(10)).Should().Be(within);

    [Theory]
    [InlineData(50L, RefillInterval.Daily, true)]
    [InlineData(51L, RefillInterval.Daily, false)]
    [InlineData(50L, RefillInterval.Monthly, true)]
    public void Credits_ARefillNoLargerThanTheBounds_Daily(long amount, RefillInterval interval, bool within) =>
        WithCredits(10, amount, interval).IsWithin(WithCredits(10, 50, RefillInterval.Daily)).Should().Be(within);

    [Fact]
    public void Credits_ADailyRefillIsLargerThanAMonthlyOne()
    {
        var monthly = WithCredits(10, 50, RefillInterval.Monthly);
        WithCredits(10, 50, RefillInterval.Daily).IsWithin(monthly).Should().BeFalse();
        WithCredits(10, 50, RefillInterval.Monthly).IsWithin(monthly).Should().BeTrue();
    }

    [Fact]
    public void Credits_AtZero_NothingButZeroIsWithin()
    {
        WithCredits(0).IsWithin(WithCredits(0)).Should().BeTrue();
        WithCredits(1).IsWithin(WithCredits(0)).Should().BeFalse();
        KeyLimits.None.IsWithin(WithCredits(0)).Should().BeFalse("USAGE_EXCEEDED cannot be lifted by setting credits to null");
    }

    [Theory]
    [InlineData("203.0.113.0/24", true)]
    [InlineData("203.0.113.128/25", true)]
    [InlineData("203.0.113.7", true)]
    [InlineData("203.0.112.0/23", false)]
    [InlineData("198.51.100.0/24", false)]
    [InlineData("0.0.0.0/0", false)]
    [InlineData("2001:db8::/48", true)]
    [InlineData("2001:db8::/31", false)]
    [InlineData("::ffff:203.0.113.0/120", true)]
    public void Networks_EveryTargetNetworkInsideOneOfTheBounds(string target, bool within) =>
        Networks(target).IsWithin(Networks("203.0.113.0/24", "2001:db8::/32")).Should().Be(within);

    [Fact]
    public void Networks_OneOutsideIsEnough()
    {
        var bound = Networks("203.0.113.0/24");
        Networks("203.0.113.0/25", "198.51.100.1").IsWithin(bound).Should().BeFalse();
        Networks("203.0.113.0/25", "203.0.113.200").IsWithin(bound).Should().BeTrue();
    }

    [Fact]
    public void Expiry_NoLaterThanTheBounds()
    {
        var bound = Until(Now.AddDays(2));
        Until(Now.AddDays(2)).IsWithin(bound).Should().BeTrue();
        Until(Now.AddDays(1)).IsWithin(bound).Should().BeTrue();
        Until(Now.AddDays(2).AddSeconds(1)).IsWithin(bound).Should().BeFalse();
        Until(null).IsWithin(bound).Should().BeFalse();
    }

    [Fact]
    public void Access_CoversByPermissionsAndLimits_AndALimitedOwnerIsNoUsableOwner()
    {
        var limitedAdmin = Access.ForRoles(Roles.OrgAdmin, [], limits: Rate((6, 60)));
        limitedAdmin.Covers(Access.ForRoles(Roles.OrgAdmin, [], limits: Rate((6, 60)))).Should().BeTrue("itself");
        limitedAdmin.Covers(Access.ForRoles(Roles.OrgAdmin, [])).Should().BeFalse("an unlimited admin child");
        limitedAdmin.Covers(Access.ForRoles(Roles.OrgOwner, [], limits: Rate((1, 60)))).Should().BeFalse("limits never replace permissions");
        limitedAdmin.CanGrant(Roles.OrgAdmin, []).Should().BeFalse("a member is never limited");
        limitedAdmin.CanGrant(Roles.OrgAdmin, [], Rate((6, 120))).Should().BeTrue();
        limitedAdmin.CanGrantLegacy(LegacyMode.All, [], KeyLimits.None).Should().BeFalse();
        Access.ForRoles(Roles.OrgAdmin, []).Covers(Access.ForRoles(Roles.OrgAdmin, [], limits: Rate((6, 60)))).Should().BeTrue();

        Access.ForRoles(Roles.OrgOwner, []).IsOwner.Should().BeTrue();
        Access.ForRoles(Roles.OrgOwner, [], limits: Rate((1, 86_400))).IsOwner.Should().BeFalse();
        Access.ForRoles(Roles.OrgOwner, [], limits: WithCredits(100)).IsOwner.Should().BeFalse();
        Access.ForRoles(Roles.OrgOwner, [], limits: Networks("203.0.113.0/24")).IsOwner.Should().BeFalse();
        Access.ForRoles(Roles.OrgOwner, [], limits: Until(Now.AddYears(10))).IsOwner.Should().BeFalse();
    }
}
