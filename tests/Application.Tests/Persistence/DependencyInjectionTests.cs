using ApiKeys.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ApiKeys.Application.Tests.Persistence;

public sealed class DependencyInjectionTests
{
    [Fact]
    public void AddInfrastructure_UnknownProvider_ThrowsNamingTheChoices()
    {
        var add = () => Add(new() { ["Database:Provider"] = "mysql" });

        add.Should().Throw<InvalidOperationException>().WithMessage("*mysql*sqlite, postgres or sqlserver*");
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("sqlserver")]
    public void AddInfrastructure_ServerProviderWithoutConnectionString_Throws(string provider)
    {
        var add = () => Add(new() { ["Database:Provider"] = provider });

        add.Should().Throw<InvalidOperationException>().WithMessage("*ConnectionStrings:Default*");
    }

    private static void Add(Dictionary<string, string?> settings) =>
        new ServiceCollection().AddInfrastructure(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
}
