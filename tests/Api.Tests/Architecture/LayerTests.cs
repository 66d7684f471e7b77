using System.Reflection;
using Mediator;
using NetArchTest.Rules;

namespace ApiKeys.Api.Tests.Architecture;

/// <summary>Dependencies point inward only: Api → Application ← Infrastructure, all → Domain.</summary>
public sealed class LayerTests
{
    private static readonly Assembly Domain = typeof(global::ApiKeys.Domain.ApiKeys.ApiKey).Assembly;
    private static readonly Assembly Application = typeof(global::ApiKeys.Application.DependencyInjection).Assembly;
    private static readonly Assembly Infrastructure = typeof(global::ApiKeys.Infrastructure.DependencyInjection).Assembly;

    [Fact]
    public void Domain_DependsOnNothingOfOurs_NorOnFrameworks()
    {
        var result = Types.InAssembly(Domain).ShouldNot()
            .HaveDependencyOnAny("ApiKeys.Application", "ApiKeys.Infrastructure", "ApiKeys.Api", "Microsoft.EntityFrameworkCore", "Microsoft.AspNetCore", "Mediator")
            .GetResult();
        result.IsSuccessful.Should().BeTrue(string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void Application_DoesNotDependOnInfrastructureOrApi()
    {
        var result = Types.InAssembly(Application).ShouldNot()
            .HaveDependencyOnAny("ApiKeys.Infrastructure", "ApiKeys.Api", "Microsoft.EntityFrameworkCore", "Microsoft.AspNetCore")
            .GetResult();
        result.IsSuccessful.Should().BeTrue(string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void Infrastructure_DoesNotDependOnApi()
    {
        var result = Types.InAssembly(Infrastructure).ShouldNot().HaveDependencyOn("ApiKeys.Api").GetResult();
        result.IsSuccessful.Should().BeTrue(string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void Handlers_AreSealedAndInternal()
    {
        var handlers = Application.GetTypes()
            .Where(t => t.GetInterfaces().Any(i => i.IsGenericType && (i.GetGenericTypeDefinition() == typeof(ICommandHandler<,>) || i.GetGenericTypeDefinition() == typeof(IQueryHandler<,>))))
            .ToList();
        handlers.Should().NotBeEmpty();
        handlers.Should().OnlyContain(t => t.IsSealed && !t.IsPublic, "a handler is an implementation detail of its feature folder");
    }
}
