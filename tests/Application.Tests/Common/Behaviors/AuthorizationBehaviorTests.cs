using ApiKeys.Application.Abstractions;
using ApiKeys.Application.Common.Behaviors;
using ApiKeys.Application.Common.Paging;
using ApiKeys.Application.Common.Security;
using ApiKeys.Application.Tests.Fakes;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Organizations;
using Mediator;

namespace ApiKeys.Application.Tests.Common.Behaviors;

/// <summary>The authorization behavior on its own: what it lets through, and what it refuses before the handler runs.</summary>
public sealed class AuthorizationBehaviorTests
{
    private static readonly OrganizationId Org = OrganizationId.New();

    public sealed record Undeclared : IQuery<Result<string>>;

    public sealed record OptedOut : IQuery<Result<string>>, IUnauthenticatedRequest;

    public sealed record NeedsManage(OrganizationId OrganizationId) : IQuery<Result<string>>, IRequirePermission
    {
        public string RequiredPermission => Permission.ApiKeyManage;
    }

    private static async Task<Result<string>> SendAsync<T>(T message, Principal? principal)
        where T : notnull, IMessage
    {
        var behavior = new AuthorizationBehavior<T, Result<string>>(new Caller(principal), new AccessResolver(new NoMembers(), new FakeApiKeyRepository(new InMemoryStore(), new PendingChanges())), new AuthorizedCaller());
        return await behavior.Handle(message, (_, _) => ValueTask.FromResult(Result<string>.Success("handled")), CancellationToken.None);
    }

    private static Principal KeyWith(Role role) => Principal.Key(ApiKeyId.New(), Org, Access.ForRoles(role, []));

    [Fact]
    public async Task ARequestThatDeclaresNoAuthorization_IsRefused_EvenForAnOwner()
    {
        var result = await SendAsync(new Undeclared(), KeyWith(Roles.OrgOwner));
        result.IsSuccess.Should().BeFalse();
        result.Error!.Kind.Should().Be(ErrorKind.Forbidden);
    }

    [Fact]
    public async Task AnOptedOutRequest_RunsWithoutACaller() =>
        (await SendAsync(new OptedOut(), null)).Value.Should().Be("handled");

    [Fact]
    public async Task NoCaller_IsUnauthenticated() =>
        (await SendAsync(new NeedsManage(Org), null)).Error!.Kind.Should().Be(ErrorKind.Unauthorized);

    [Fact]
    public async Task AnotherOrganizationsKey_IsNotFound() =>
        (await SendAsync(new NeedsManage(OrganizationId.New()), KeyWith(Roles.OrgOwner))).Error!.Kind.Should().Be(ErrorKind.NotFound);

    [Fact]
    public async Task AMissingPermission_IsForbidden_AndAHeldOneRunsTheHandler()
    {
        (await SendAsync(new NeedsManage(Org), KeyWith(Roles.OrgMember))).Error!.Kind.Should().Be(ErrorKind.Forbidden);
        (await SendAsync(new NeedsManage(Org), KeyWith(Roles.OrgAdmin))).Value.Should().Be("handled");
    }

    private sealed class Caller(Principal? principal) : ICaller
    {
        public Principal? Principal => principal;

        public string? IpAddress => null;
    }

    /// <summary>Key principals never ask for a membership; a user would find none.</summary>
    private sealed class NoMembers : IMemberRepository
    {
        public Task<Member?> FindAsync(OrganizationId organizationId, string userId, CancellationToken cancellationToken) => Task.FromResult<Member?>(null);

        public Task<Page<Member>> ListAsync(OrganizationId organizationId, PageRequest page, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<Member>> ListByAppAsync(OrganizationId organizationId, string appId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<Member>> ListForUserAsync(string userId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<int> CountOwnersAsync(OrganizationId organizationId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public void Add(Member member) => throw new NotSupportedException();

        public void Remove(Member member) => throw new NotSupportedException();
    }
}
