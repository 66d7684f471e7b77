using System.Reflection;
using ApiKeys.Application.Common.Security;
using ApiKeys.Application.Events.CreditsLow;
using ApiKeys.Application.Events.Expiry;
using ApiKeys.Application.Leaks.Report;
using ApiKeys.Application.Organizations.Bootstrap;
using Mediator;

namespace ApiKeys.Api.Tests.Architecture;

/// <summary>
/// Authorization is on by default: every request declares what it needs (<see cref="IAuthenticatedRequest"/> or one
/// of its kinds), and the few that opt out (<see cref="IUnauthenticatedRequest"/>) are on this short explicit list.
/// A new request that declares nothing fails the build's tests here, and is refused by the pipeline at run time.
/// </summary>
public sealed class RequestAuthorizationTests
{
    private static readonly Assembly Application = typeof(global::ApiKeys.Application.DependencyInjection).Assembly;

    /// <summary>
    /// Requests without a caller, on purpose: the bootstrap verb, the expiry scan and the credits-low event run on the server itself; a leak
    /// report is proved by the token it carries (and, from GitHub, by a signature the Api checks first).
    /// </summary>
    private static readonly Type[] Unauthenticated = [typeof(BootstrapOrganizationCommand), typeof(ReportLeakedKeysCommand), typeof(RaiseExpiryEventsCommand), typeof(RaiseCreditsLowEventCommand)];

    private static IEnumerable<Type> Requests() =>
        Application.GetTypes().Where(t => !t.IsAbstract && !t.IsInterface && typeof(IMessage).IsAssignableFrom(t));

    [Fact]
    public void EveryRequest_DeclaresItsAuthorization_OrIsOnTheAllowList()
    {
        var requests = Requests().ToList();
        requests.Should().HaveCountGreaterThan(15);
        var undeclared = requests
            .Where(t => !typeof(IAuthenticatedRequest).IsAssignableFrom(t) && !Unauthenticated.Contains(t))
            .Select(t => t.FullName);
        undeclared.Should().BeEmpty("every request implements IAuthenticatedRequest, IOrganizationRequest or IRequirePermission");
    }

    [Fact]
    public void OnlyTheAllowList_OptsOutOfAuthentication()
    {
        Requests().Where(t => typeof(IUnauthenticatedRequest).IsAssignableFrom(t)).Should().BeEquivalentTo(Unauthenticated);
        Unauthenticated.Should().OnlyContain(t => !typeof(IAuthenticatedRequest).IsAssignableFrom(t));
    }
}
