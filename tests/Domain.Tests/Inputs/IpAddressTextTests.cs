using ApiKeys.Domain.Common;

namespace ApiKeys.Domain.Tests.Inputs;

/// <summary>Contract §7: the one strict reader of addresses and CIDRs.</summary>
public sealed class IpAddressTextTests
{
    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("10.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("::")]
    [InlineData("::1")]
    [InlineData("2001:db8::7")]
    [InlineData("2001:DB8:0:0:0:0:0:7")]
    [InlineData("1:2:3:4:5:6:7::")]
    [InlineData("::ffff:192.0.2.1")]
    [InlineData("0:0:0:0:0:ffff:192.0.2.1")]
    [InlineData("64:ff9b::198.51.100.7")]
    public void Reads_DottedQuadAndRfc4291Text(string text) =>
        IpAddressText.TryParse(text, out _).Should().BeTrue(text);

    [Theory]
    [InlineData("10.1")]
    [InlineData("10")]
    [InlineData("012.0.0.1")]
    [InlineData("00.0.0.1")]
    [InlineData("0x0a000001")]
    [InlineData("0x0a.0.0.1")]
    [InlineData("167772161")]
    [InlineData("10.0.0.256")]
    [InlineData("1.2.3.4.5")]
    [InlineData("1.2.3.")]
    [InlineData(" 10.0.0.1")]
    [InlineData("１０.0.0.1")]
    [InlineData("fe80::1%eth0")]
    [InlineData("fe80::1%1")]
    [InlineData("[::1]")]
    [InlineData(":::")]
    [InlineData("1::2::3")]
    [InlineData(":1::")]
    [InlineData("1:2:3:4:5:6:7:8:9")]
    [InlineData("1:2:3:4:5:6:7")]
    [InlineData("1:2:3:4:5:6:7:8::")]
    [InlineData("12345::")]
    [InlineData("::g")]
    [InlineData("1.2.3.4::")]
    [InlineData("::1.2.3.4:5")]
    [InlineData("::ffff:012.0.0.1")]
    [InlineData("")]
    [InlineData(null)]
    public void Refuses_EverythingElse(string? text) =>
        IpAddressText.TryParse(text, out _).Should().BeFalse(text);

    [Theory]
    [InlineData("10.0.0.0/8", 8)]
    [InlineData("10.0.0.1", -1)]
    [InlineData("0.0.0.0/0", 0)]
    [InlineData("2001:db8::/32", 32)]
    [InlineData("::/128", 128)]
    public void Reads_Cidrs(string text, int prefix)
    {
        IpAddressText.TryParseCidr(text, out _, out var read).Should().BeTrue(text);
        read.Should().Be(prefix);
    }

    [Theory]
    [InlineData("10.1/16")]
    [InlineData("012.0.0.0/8")]
    [InlineData("10.0.0.0/08")]
    [InlineData("10.0.0.0/+8")]
    [InlineData("10.0.0.0/")]
    [InlineData("10.0.0.0/33")]
    [InlineData("10.0.0.0/8/8")]
    [InlineData("::/129")]
    [InlineData("fe80::%eth0/64")]
    public void Refuses_OtherCidrs(string text) =>
        IpAddressText.TryParseCidr(text, out _, out _).Should().BeFalse(text);
}
