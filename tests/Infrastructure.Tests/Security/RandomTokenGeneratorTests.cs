using ApiKeys.Domain.ApiKeys;
using ApiKeys.Infrastructure.Security;

namespace ApiKeys.Infrastructure.Tests.Security;

public sealed class RandomTokenGeneratorTests
{
    [Fact]
    public void Generate_ThousandTokens_AllWellFormedAndDistinct()
    {
        var generator = new RandomTokenGenerator();
        var tokens = Enumerable.Range(0, 1000).Select(_ => generator.Generate().Reveal()).ToList();

        tokens.Where(t => !ApiKeyToken.TryParse(t, out var parsed)).Should().BeEmpty();
        tokens.Should().OnlyHaveUniqueItems();
        tokens.Select(t => t[..16]).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void Generate_UsesTheWholeAlphabet()
    {
        var generator = new RandomTokenGenerator();
        var seen = Enumerable.Range(0, 500).SelectMany(_ => generator.Generate().Reveal()[10..42]).ToHashSet();
        seen.Should().HaveCount(62, "each character is drawn uniformly from base62");
    }
}
