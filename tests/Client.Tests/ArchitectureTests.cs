using NetArchTest.Rules;

namespace ApiKeys.Client.Tests;

/// <summary>The client speaks only the public contract: it references none of the service's projects.</summary>
public class ArchitectureTests
{
    [Fact]
    public void Client_DependsOnNoServiceProject()
    {
        var result = Types.InAssembly(typeof(ApiKeysClient).Assembly).ShouldNot()
            .HaveDependencyOnAny("ApiKeys.Domain", "ApiKeys.Application", "ApiKeys.Infrastructure", "ApiKeys.Api", "Microsoft.AspNetCore")
            .GetResult();
        result.IsSuccessful.Should().BeTrue(string.Join(", ", result.FailingTypeNames ?? []));
        typeof(ApiKeysClient).Assembly.GetReferencedAssemblies().Select(a => a.Name).Should()
            .NotContain(n => n!.StartsWith("ApiKeys.", StringComparison.Ordinal) && n != "ApiKeys.Client");
    }
}
