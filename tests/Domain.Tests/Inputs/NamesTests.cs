using ApiKeys.Domain.Common;

namespace ApiKeys.Domain.Tests.Inputs;

/// <summary>Contract §7: a name reads as what it is.</summary>
public sealed class NamesTests
{
    [Theory]
    [InlineData("deploy key")]
    [InlineData("  padded  ")]
    [InlineData("部署キー 测试")]
    [InlineData("مفتاح النشر")]
    [InlineData("e\u0301clair")]
    [InlineData("🔑")]
    public void Accepts_VisibleNames(string name) => Names.IsValid(name).Should().BeTrue(name);

    [Theory]
    [InlineData("\u200B")]
    [InlineData("\u200B\u200C\u200D")]
    [InlineData("\u2060\uFEFF")]
    [InlineData("invoice\u202Egnp.exe")]
    [InlineData("a\u202Ab")]
    [InlineData("a\u2066b\u2069")]
    [InlineData("a\u200Eb")]
    [InlineData("a\u061Cb")]
    [InlineData("a\u2028b")]
    [InlineData("a\u2029b")]
    [InlineData("a\u0000b")]
    [InlineData("a\u0085b")]
    [InlineData("\u0301\u0303")]
    [InlineData("\u3164")]
    [InlineData("\u00A0\u3000")]
    [InlineData("")]
    public void Refuses_InvisibleOrDeceptiveNames(string name) => Names.IsValid(name).Should().BeFalse(name);

    [Fact]
    public void Refuses_MoreThan100Characters_AfterTrimming()
    {
        Names.IsValid(" " + new string('x', 100) + " ").Should().BeTrue();
        Names.IsValid(new string('x', 101)).Should().BeFalse();
    }
}
