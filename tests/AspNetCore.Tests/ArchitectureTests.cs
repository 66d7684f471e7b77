using NetArchTest.Rules;

namespace ApiKeys.AspNetCore.Tests;

/// <summary>The handler speaks only the public contract, through ApiKeys.Client: no project of the service.</summary>
public class ArchitectureTests
{
    [Fact]
    public void Handler_DependsOnNoServiceProject()
    {
        var result = Types.InAssembly(typeof(ApiKeysAuthenticationHandler).Assembly).ShouldNot()
            .HaveDependencyOnAny("ApiKeys.Domain", "ApiKeys.Application", "ApiKeys.Infrastructure", "ApiKeys.Api")
            .GetResult();
        result.IsSuccessful.Should().BeTrue(string.Join(", ", result.FailingTypeNames ?? []));
        typeof(ApiKeysAuthenticationHandler).Assembly.GetReferencedAssemblies().Select(a => a.Name).Where(n => n!.StartsWith("ApiKeys.", StringComparison.Ordinal))
            .Should().BeEquivalentTo("ApiKeys.Client");
    }
}
