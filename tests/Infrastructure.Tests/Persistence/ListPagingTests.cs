using ApiKeys.Application.Abstractions;
using ApiKeys.Application.Common.Paging;
using ApiKeys.Domain.Audit;
using ApiKeys.Domain.Organizations;
using Microsoft.Extensions.DependencyInjection;

namespace ApiKeys.Infrastructure.Tests.Persistence;

/// <summary>Apps, members and audit events page by (instant, their own key) like API keys do.</summary>
public sealed class ListPagingTests : IAsyncLifetime
{
    // Ties on the instant straddle page boundaries (limit 2), so each list's tiebreak column is exercised.
    private static readonly int[] OffsetsMs = [0, 0, 0, 1, 1];

    private readonly Organization _organization = Organization.Create("Acme", TestData.Start);
    private TestDatabase _database = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _database = await TestDatabase.CreateAsync(Cancel);

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task ListApps_WalkedTwoAtATime_SeesEveryAppOnceInOrder()
    {
        await SeedAsync(s => s.GetRequiredService<IAppRepository>(), (apps, i, at) => apps.Add(App.Create(_organization.Id, $"com.demo.app{4 - i}", $"App {i}", at)));
        await using var scope = _database.Scope();
        var apps = scope.ServiceProvider.GetRequiredService<IAppRepository>();

        var pages = await Pages.WalkAsync(page => apps.ListAsync(_organization.Id, page, Cancel), limit: 2);

        pages.Select(p => p.Items.Count).Should().Equal(2, 2, 1);
        pages.SelectMany(p => p.Items).Select(a => a.AppId).Should()
            .Equal("com.demo.app2", "com.demo.app3", "com.demo.app4", "com.demo.app0", "com.demo.app1");
    }

    [Fact]
    public async Task ListMembers_WalkedTwoAtATime_SeesEveryMemberOnceInOrder()
    {
        await SeedAsync(s => s.GetRequiredService<IMemberRepository>(), (members, i, at) => members.Add(Member.Create(_organization.Id, $"user-{4 - i}", null, [], at)));
        await using var scope = _database.Scope();
        var members = scope.ServiceProvider.GetRequiredService<IMemberRepository>();

        var pages = await Pages.WalkAsync(page => members.ListAsync(_organization.Id, page, Cancel), limit: 2);

        pages.Select(p => p.Items.Count).Should().Equal(2, 2, 1);
        pages.SelectMany(p => p.Items).Select(m => m.UserId).Should().Equal("user-2", "user-3", "user-4", "user-0", "user-1");
    }

    [Fact]
    public async Task ListAuditEvents_FilteredByActionAndKey_WalksOnlyMatches()
    {
        var events = new List<AuditEvent>();
        await SeedAsync(s => s.GetRequiredService<IAuditEventRepository>(), (audit, i, at) =>
        {
            var matching = AuditEvent.Record(_organization.Id, Actor.System, "api_key.created", at, apiKeyId: "key_a");
            events.Add(matching);
            audit.Add(matching);
            audit.Add(AuditEvent.Record(_organization.Id, Actor.System, "api_key.revoked", at, apiKeyId: "key_a"));
            audit.Add(AuditEvent.Record(_organization.Id, Actor.System, "api_key.created", at, apiKeyId: "key_b"));
        });
        await using var scope = _database.Scope();
        var audit = scope.ServiceProvider.GetRequiredService<IAuditEventRepository>();
        var filter = new AuditEventFilter("api_key.created", "key_a");

        var pages = await Pages.WalkAsync(page => audit.ListAsync(_organization.Id, filter, page, Cancel), limit: 2);
        var everything = await audit.ListAsync(_organization.Id, filter, new PageRequest(null, PageRequest.MaxLimit), Cancel);

        pages.Select(p => p.Items.Count).Should().Equal(2, 2, 1);
        var walked = pages.SelectMany(p => p.Items).Select(e => e.Id).ToList();
        walked.Should().BeEquivalentTo(events.Select(e => e.Id)).And.Equal(everything.Items.Select(e => e.Id));
    }

    /// <summary>Saves the organization, then one item per offset (the item's index and instant given to <paramref name="add"/>).</summary>
    private async Task SeedAsync<TRepository>(Func<IServiceProvider, TRepository> repository, Action<TRepository, int, DateTimeOffset> add)
    {
        await using var scope = _database.Scope();
        scope.ServiceProvider.GetRequiredService<IOrganizationRepository>().Add(_organization);
        var target = repository(scope.ServiceProvider);
        for (var i = 0; i < OffsetsMs.Length; i++)
        {
            add(target, i, TestData.Start.AddMilliseconds(OffsetsMs[i]));
        }

        (await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(Cancel)).IsSuccess.Should().BeTrue();
    }
}
