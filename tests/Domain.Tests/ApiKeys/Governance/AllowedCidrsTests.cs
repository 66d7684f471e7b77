using System.Net;
using ApiKeys.Domain.ApiKeys.Governance;

namespace ApiKeys.Domain.Tests.ApiKeys.Governance;

public sealed class AllowedCidrsTests
{
    private static AllowedCidrs Parse(params string[] entries)
    {
        AllowedCidrs.TryParse(entries, out var cidrs, out var error).Should().BeTrue(error);
        return cidrs;
    }

    [Fact]
    public void Entries_AreNormalizedAndKeptOnce()
    {
        var cidrs = Parse("203.0.113.0/24", "198.51.100.7", "2001:DB8:0:0::/32", "::ffff:192.0.2.0/120", "203.0.113.0/24");
        cidrs.Texts.Should().Equal("203.0.113.0/24", "198.51.100.7/32", "2001:db8::/32", "192.0.2.0/24");
    }

    [Theory]
    [InlineData("203.0.113.9", true)]
    [InlineData("203.0.114.1", false)]
    [InlineData("::ffff:203.0.113.9", true)]
    [InlineData("2001:db8:1234::1", true)]
    [InlineData("2001:db9::1", false)]
    public void Allows_OnlyAddressesInside(string address, bool allowed) =>
        Parse("203.0.113.0/24", "2001:db8::/32").Allows(IPAddress.Parse(address)).Should().Be(allowed);

    [Fact]
    public void Empty_AllowsEveryAddress_AndUnknownAddressOnlyWhenEmpty()
    {
        AllowedCidrs.None.Allows(IPAddress.Parse("8.8.8.8")).Should().BeTrue();
        AllowedCidrs.None.Allows(null).Should().BeTrue();
        Parse("10.0.0.0/8").Allows(null).Should().BeFalse();
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-an-ip")]
    [InlineData("10")]
    [InlineData("10.1")]
    [InlineData("10.0.0.0/33")]
    [InlineData("10.0.0.0/-1")]
    [InlineData("10.0.0.0/ 8")]
    [InlineData("10.0.0.5/8")]
    [InlineData("2001:db8::/129")]
    [InlineData("fe80::1%eth0")]
    [InlineData("2001:db8::1/32")]
    public void BadEntries_AreRefusedWithTheirIndex(string entry)
    {
        AllowedCidrs.TryParse(["10.0.0.0/8", entry], out _, out var error).Should().BeFalse();
        error.Should().StartWith("allowed_cidrs[1]");
    }

    [Fact]
    public void HostBitsSet_SuggestsTheNetwork()
    {
        AllowedCidrs.TryParse(["10.0.0.5/8"], out _, out var error).Should().BeFalse();
        error.Should().Contain("10.0.0.0/8");
    }

    [Fact]
    public void MoreThanTheMaximum_IsRefused() =>
        AllowedCidrs.TryParse([.. Enumerable.Range(0, AllowedCidrs.MaxCount + 1).Select(i => $"10.0.{i / 256}.{i % 256}")], out _, out _).Should().BeFalse();
}
