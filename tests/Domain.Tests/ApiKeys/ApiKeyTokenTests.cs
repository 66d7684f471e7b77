using System.Text.Json;
using ApiKeys.Domain.ApiKeys;

namespace ApiKeys.Domain.Tests.ApiKeys;

public sealed class ApiKeyTokenTests
{
    private static readonly JsonDocument Vectors = LoadVectors();

    public static TheoryData<string, string> ValidVectors()
    {
        var data = new TheoryData<string, string>();
        foreach (var v in Vectors.RootElement.GetProperty("valid").EnumerateArray())
        {
            data.Add(v.GetProperty("token").GetString()!, v.GetProperty("key_prefix").GetString()!);
        }

        return data;
    }

    public static TheoryData<string, string> InvalidVectors()
    {
        var data = new TheoryData<string, string>();
        foreach (var v in Vectors.RootElement.GetProperty("invalid").EnumerateArray())
        {
            data.Add(v.GetProperty("token").GetString()!, v.GetProperty("why").GetString()!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ValidVectors))]
    public void TryParse_ValidVector_ParsesWithItsPrefix(string text, string keyPrefix)
    {
        ApiKeyToken.TryParse(text, out var token).Should().BeTrue();
        token!.KeyPrefix.Should().Be(keyPrefix);
        token.Reveal().Should().Be(text);
    }

    [Theory]
    [MemberData(nameof(ValidVectors))]
    public void FromRandom_ValidVectorBody_ReproducesChecksum(string text, string _)
    {
        var random = text.Substring(ApiKeyToken.Scheme.Length, ApiKeyToken.RandomLength);
        ApiKeyToken.FromRandom(random).Reveal().Should().Be(text);
    }

    [Fact]
    public void Checksum_MatchesVectorCrc32Values()
    {
        foreach (var v in Vectors.RootElement.GetProperty("valid").EnumerateArray())
        {
            var token = v.GetProperty("token").GetString()!;
            var crc = v.GetProperty("crc32").GetUInt32();
            var digits = token[^6..];
            var decoded = digits.Aggregate(0UL, (acc, c) => (acc * 62) + (ulong)ApiKeyToken.Base62Alphabet.IndexOf(c, StringComparison.Ordinal));
            decoded.Should().Be(crc, token);
        }
    }

    [Theory]
    [MemberData(nameof(InvalidVectors))]
    public void TryParse_InvalidVector_IsRejected(string text, string why)
    {
        ApiKeyToken.TryParse(text, out var token).Should().BeFalse(why);
        token.Should().BeNull();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer capy_live_000000000000000000000000000000003UFVO5")]
    [InlineData("capy_live_000000000000000000000000000000003UFVO5 ")]
    [InlineData("capy_live_000000000000000000000000000000003UFVO5\n")]
    public void TryParse_OtherMalformedInput_IsRejected(string? text) =>
        ApiKeyToken.TryParse(text, out _).Should().BeFalse();

    [Fact]
    public void TryParse_EverySingleCharacterChange_IsRejected()
    {
        const string valid = "capy_live_aWFeOgd23eOp1ARVjVEeNJPXGyijpXUw1MDPZ7";
        for (var i = 0; i < valid.Length; i++)
        {
            var replacement = valid[i] == 'A' ? 'B' : 'A';
            var mutated = string.Concat(valid.AsSpan(0, i), replacement.ToString(), valid.AsSpan(i + 1));
            ApiKeyToken.TryParse(mutated, out _).Should().BeFalse($"position {i} was changed");
        }
    }

    [Fact]
    public void ToString_ShowsOnlyThePrefix()
    {
        ApiKeyToken.TryParse("capy_live_aWFeOgd23eOp1ARVjVEeNJPXGyijpXUw1MDPZ7", out var token).Should().BeTrue();
        token!.ToString().Should().Be("capy_live_aWFeOg…").And.NotContain("d23eOp");
    }

    [Theory]
    [InlineData("short")]
    [InlineData("0123456789ABCDEFGHIJKLMNOPQRSTU-")]
    public void FromRandom_BadRandomPart_Throws(string random) =>
        FluentActions.Invoking(() => ApiKeyToken.FromRandom(random)).Should().Throw<ArgumentException>();

    private static JsonDocument LoadVectors()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "token-vectors.json");
        return JsonDocument.Parse(File.ReadAllText(path));
    }
}
