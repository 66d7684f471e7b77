using ApiKeys.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ApiKeys.Infrastructure.Tests;

/// <summary>Database settings are refused by the start-up validation (ValidateOnStart), naming the setting.</summary>
public sealed class DependencyInjectionTests
{
    [Fact]
    public void UnknownProvider_FailsAtStartNamingTheChoices()
    {
        var validate = Validate(new() { ["Database:Provider"] = "mysql" });

        validate.Should().Throw<OptionsValidationException>().WithMessage("*Database__Provider*mysql*sqlite, postgres or sqlserver*");
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("sqlserver")]
    public void ServerProviderWithoutConnectionString_FailsAtStart(string provider)
    {
        var validate = Validate(new() { ["Database:Provider"] = provider });

        validate.Should().Throw<OptionsValidationException>().WithMessage("*ConnectionStrings__Default*required*");
    }

    [Theory]
    [InlineData("postgres", "Hots=db;Password=hunter2")]
    [InlineData("sqlserver", "Serv=db")]
    [InlineData("sqlite", "Data Sorce=x.db")]
    public void MalformedConnectionString_FailsAtStart_WithoutItsValues(string provider, string connectionString)
    {
        var validate = Validate(new() { ["Database:Provider"] = provider, ["ConnectionStrings:Default"] = connectionString });

        validate.Should().Throw<OptionsValidationException>().WithMessage("*ConnectionStrings__Default*not a valid*")
            .Which.Message.Should().NotContain("hunter2");
    }

    [Fact]
    public void DefaultSettings_AreValid()
    {
        Validate([]).Should().NotThrow();
    }

    private static Action Validate(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection().AddLogging()
            .AddInfrastructure(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();
        return () => services.GetRequiredService<IStartupValidator>().Validate();
    }
}
