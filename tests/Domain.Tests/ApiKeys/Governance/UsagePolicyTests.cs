using System.Text.Json.Nodes;
using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.ApiKeys.Governance;
using static ApiKeys.Domain.Tests.TestData;

namespace ApiKeys.Domain.Tests.ApiKeys.Governance;

public sealed class UsagePolicyTests
{
    [Fact]
    public void Default_IsUnrestricted() => UsagePolicy.Default.IsUnrestricted.Should().BeTrue();

    [Fact]
    public void ValidLimits_PassTheCheck() =>
        UsagePolicy.CheckRateLimits([new RateLimit("per-second", 10, 1), new RateLimit("daily", RateLimit.MaxLimit, RateLimit.MaxWindowSeconds)]).Should().BeNull();

    /// <summary>Each bad list, with the words its error must carry: the rule it breaks.</summary>
    public static TheoryData<RateLimit[], string> BadLimits => new()
    {
        { [.. Enumerable.Range(0, 11).Select(i => new RateLimit($"l{i}", 1, 1))], "at most 10 rate limits" },
        { [new RateLimit("a", 1, 1), new RateLimit("a", 2, 2)], "names are unique" },
        { [new RateLimit("a", 0, 1)], "limit is 1 to" },
        { [new RateLimit("a", RateLimit.MaxLimit + 1, 1)], $"limit is 1 to {RateLimit.MaxLimit}" },
        { [new RateLimit("a", 1, 0)], "window_seconds is 1 to" },
        { [new RateLimit("a", 1, RateLimit.MaxWindowSeconds + 1)], $"window_seconds is 1 to {RateLimit.MaxWindowSeconds}" },
        { [new RateLimit("", 1, 1)], "name is 1 to 64" },
        { [new RateLimit("quote\"d", 1, 1)], "name is 1 to 64" },
        { [new RateLimit(new string('n', 65), 1, 1)], "name is 1 to 64" },
    };

    [Theory]
    [MemberData(nameof(BadLimits))]
    public void BadLimits_AreNamedAndThePolicyCannotHoldThem(RateLimit[] limits, string rule)
    {
        UsagePolicy.CheckRateLimits(limits).Should().Contain(rule);
        FluentActions.Invoking(() => new UsagePolicy(true, limits, null, AllowedCidrs.None, null)).Should().Throw<ArgumentException>().WithMessage($"*{rule}*");
    }

    [Fact]
    public void Meta_UpTo4KiB_IsKept_AndMoreIsRefused()
    {
        var fits = new JsonObject { ["v"] = new string('x', KeyMeta.MaxBytes - 8) };
        KeyMeta.TryCreate(fits, out var meta).Should().BeTrue();
        meta!.ToJsonObject()["v"]!.GetValue<string>().Should().HaveLength(KeyMeta.MaxBytes - 8);
        var over = new JsonObject { ["v"] = new string('x', KeyMeta.MaxBytes - 7) };
        KeyMeta.TryCreate(over, out _).Should().BeFalse();
    }

    [Fact]
    public void Key_KeepsItsPolicy_AndReportsOnlyRealChanges()
    {
        var key = RbacKey();
        key.Usage.IsUnrestricted.Should().BeTrue();
        key.ChangeEnabled(true, Now).Value.Should().BeFalse();
        key.ChangeEnabled(false, Now).Value.Should().BeTrue();
        key.Usage.Enabled.Should().BeFalse();

        key.ChangeRateLimits([new RateLimit("m", 100, 60)], Now).Value.Should().BeTrue();
        key.ChangeRateLimits([new RateLimit("m", 100, 60)], Now).Value.Should().BeFalse();

        var credits = new Credits(50, new CreditRefill(50, RefillInterval.Monthly), Now);
        key.ChangeCredits(credits, Now).Value.Should().BeTrue();
        key.ChangeCredits(credits, Now).Value.Should().BeFalse();
        key.Usage.Credits!.Remaining.Should().Be(50);
        key.Usage.Credits.Refill!.Interval.Should().Be(RefillInterval.Monthly);

        AllowedCidrs.TryParse(["10.0.0.0/8"], out var cidrs, out _);
        key.ChangeAllowedCidrs(cidrs, Now).Value.Should().BeTrue();
        key.Usage.AllowedCidrs.Texts.Should().Equal("10.0.0.0/8");

        KeyMeta.TryCreate(new JsonObject { ["plan"] = "pro" }, out var meta);
        key.ChangeMeta(meta, Now).Value.Should().BeTrue();
        key.Usage.Meta!.Json.Should().Be("{\"plan\":\"pro\"}");
        key.Usage.IsUnrestricted.Should().BeFalse();
    }

    [Fact]
    public void DisabledOwnerKey_IsNotAnOwner()
    {
        var key = RbacKey(global::ApiKeys.Domain.Authorization.Roles.OrgOwner);
        key.IsOwner(Now).Should().BeTrue();
        key.ChangeEnabled(false, Now);
        key.IsOwner(Now).Should().BeFalse();
    }

    [Fact]
    public void RevokedKey_PolicyIsFrozen()
    {
        var key = RbacKey();
        key.Revoke(Now);
        key.ChangeEnabled(false, Now).Error.Should().Be(ApiKeyErrors.Revoked);
    }
}
