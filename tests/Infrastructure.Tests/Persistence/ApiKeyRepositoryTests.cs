using ApiKeys.Application.Abstractions;
using ApiKeys.Application.Common.Paging;
using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Organizations;
using ApiKeys.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ApiKeys.Infrastructure.Tests.Persistence;

public sealed class ApiKeyRepositoryTests : IAsyncLifetime
{
    private static readonly ApiKeyFilter AllActive = new(Kind: null, IncludeRevoked: false);

    private readonly Organization _organization = Organization.Create("Acme", TestData.Start);
    private TestDatabase _database = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static Task<Page<ApiKey>> ListAsync(IApiKeyRepository repository, OrganizationId organizationId, ApiKeyFilter filter, PageRequest page) =>
        repository.ListAsync(organizationId, filter, KeyListCursor.TryDecode(page.Cursor, filter.Sort, out var after) ? after : null, page.Limit, Cancel);

    public async ValueTask InitializeAsync() => _database = await TestDatabase.CreateAsync(Cancel);

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task List_SevenKeysLimitThree_ReturnsThreeThreeOneWithoutGapsOrDuplicates()
    {
        // Ties on created_at straddle the page boundaries, so the id tiebreak is exercised too.
        var offsetsMs = new[] { 0, 0, 0, 0, 1, 2, 2 };
        var keys = offsetsMs.Select((ms, i) => TestData.Key(_organization, $"key {i}", TestData.Start.AddMilliseconds(ms))).ToList();
        var organizationId = await SeedAsync(keys);

        await using var scope = _database.Scope();
        var repository = scope.ServiceProvider.GetRequiredService<IApiKeyRepository>();
        var pages = await Pages.WalkAsync(page => ListAsync(repository, organizationId, AllActive, page), limit: 3);
        var everything = await repository.ListAsync(organizationId, AllActive, null, PageRequest.MaxLimit, Cancel);

        pages.Select(p => p.Items.Count).Should().Equal(3, 3, 1);
        pages[^1].NextCursor.Should().BeNull();
        var walked = pages.SelectMany(p => p.Items).Select(k => k.Id).ToList();
        walked.Should().OnlyHaveUniqueItems().And.BeEquivalentTo(keys.Select(k => k.Id));
        walked.Should().Equal(everything.Items.Select(k => k.Id), "pages continue exactly where the previous one stopped");
        everything.NextCursor.Should().BeNull();
    }

    [Fact]
    public async Task List_ExactlyOnePageOfRows_HasNoNextCursor()
    {
        var keys = Enumerable.Range(0, 3).Select(i => TestData.Key(_organization, $"key {i}", TestData.Start.AddMilliseconds(i))).ToList();
        var organizationId = await SeedAsync(keys);

        await using var scope = _database.Scope();
        var page = await scope.ServiceProvider.GetRequiredService<IApiKeyRepository>()
            .ListAsync(organizationId, AllActive, null, 3, Cancel);

        page.Items.Should().HaveCount(3);
        page.NextCursor.Should().BeNull();
    }

    [Fact]
    public async Task List_RevokedKey_ShownOnlyWhenAsked()
    {
        var kept = TestData.Key(_organization, "kept", TestData.Start);
        var revoked = TestData.Key(_organization, "revoked", TestData.Start.AddSeconds(1));
        revoked.Revoke(TestData.Start.AddSeconds(2));
        var organizationId = await SeedAsync([kept, revoked]);

        await using var scope = _database.Scope();
        var repository = scope.ServiceProvider.GetRequiredService<IApiKeyRepository>();
        var active = await repository.ListAsync(organizationId, AllActive, null, 10, Cancel);
        var all = await repository.ListAsync(organizationId, AllActive with { IncludeRevoked = true }, null, 10, Cancel);

        active.Items.Select(k => k.Name).Should().Equal("kept");
        all.Items.Select(k => k.Name).Should().Equal("revoked", "kept");
    }

    [Fact]
    public async Task FindByPrefix_PreviousPrefixDuringGrace_FindsTheKey()
    {
        var key = TestData.Key(_organization, "rotated", TestData.Start);
        var oldPrefix = key.Secret.KeyPrefix;
        var organizationId = await SeedAsync([key]);
        await using (var scope = _database.Scope())
        {
            var loaded = await scope.ServiceProvider.GetRequiredService<IApiKeyRepository>().FindAsync(organizationId, key.Id, Cancel);
            loaded!.Regenerate(TestData.Secret(), TimeSpan.FromMinutes(5), KeyPolicy.Default, TestData.Start.AddMinutes(1)).IsSuccess.Should().BeTrue();
            (await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(Cancel)).IsSuccess.Should().BeTrue();
        }

        await using var reader = _database.Scope();
        var repository = reader.ServiceProvider.GetRequiredService<IApiKeyRepository>();
        var byOld = await repository.FindByPrefixAsync(oldPrefix, Cancel);
        var byNew = await repository.FindByPrefixAsync(byOld!.Secret.KeyPrefix, Cancel);

        byOld.Id.Should().Be(key.Id);
        byOld.Secret.PreviousKeyPrefix.Should().Be(oldPrefix);
        byNew!.Id.Should().Be(key.Id);
        (await repository.FindByPrefixAsync(TestData.Secret().KeyPrefix, Cancel)).Should().BeNull();
        (await repository.PrefixExistsAsync(oldPrefix, Cancel)).Should().BeTrue();
    }

    [Fact]
    public async Task Find_KeyOfAnotherOrganization_ReturnsNull()
    {
        var key = TestData.Key(_organization, "mine", TestData.Start);
        await SeedAsync([key]);

        await using var scope = _database.Scope();
        var found = await scope.ServiceProvider.GetRequiredService<IApiKeyRepository>().FindAsync(OrganizationId.New(), key.Id, Cancel);

        found.Should().BeNull();
    }

    /// <summary>Saves the organization and its keys in one unit of work.</summary>
    /// <summary>
    /// Revoking many keys in bulk writes its columns by hand: every column must end as a single revocation (tracked,
    /// saved by EF) leaves it. Two keys alike but for who they are, one revoked each way, compared column by column.
    /// </summary>
    [Fact]
    public async Task BulkRevocation_LeavesEveryColumnAsASingleRevocationDoes()
    {
        var now = TestData.Start.AddHours(1);
        var keys = new[] { TestData.Key(_organization, "single", TestData.Start), TestData.Key(_organization, "bulk", TestData.Start) };
        foreach (var key in keys)
        {
            // A grace period under way, so that the previous secret's columns have something to clear.
            key.Regenerate(TestData.Secret(), TimeSpan.FromHours(2), KeyPolicy.Default, TestData.Start.AddMinutes(1)).IsSuccess.Should().BeTrue();
        }

        var organizationId = await SeedAsync(keys);
        await using (var scope = _database.Scope())
        {
            // And digests of both secrets, as verifications leave them.
            var repository = scope.ServiceProvider.GetRequiredService<IApiKeyRepository>();
            foreach (var key in keys)
            {
                (await repository.RecordDigestAsync(key.Id, key.Secret.KeyPrefix, previous: false, "digest-current", Cancel)).Should().BeTrue();
                (await repository.RecordDigestAsync(key.Id, key.Secret.PreviousKeyPrefix!, previous: true, "digest-previous", Cancel)).Should().BeTrue();
            }
        }

        await using (var scope = _database.Scope())
        {
            var single = await scope.ServiceProvider.GetRequiredService<IApiKeyRepository>().FindAsync(organizationId, keys[0].Id, Cancel);
            single!.Revoke(now).IsSuccess.Should().BeTrue();
            (await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(Cancel)).IsSuccess.Should().BeTrue();
        }

        await using (var scope = _database.Scope())
        {
            var repository = scope.ServiceProvider.GetRequiredService<IApiKeyRepository>();
            var bulk = (await repository.ListByIdsAsync(organizationId, [keys[1].Id], Cancel)).Single();
            bulk.Revoke(now).IsSuccess.Should().BeTrue();
            (await repository.SaveRevokedAsync(organizationId, [bulk], now, Cancel)).Should().BeTrue();
            (await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(Cancel)).IsSuccess.Should().BeTrue();
        }

        var rows = await RowsAsync();
        var (revokedAlone, revokedInBulk) = (rows["single"], rows["bulk"]);
        revokedAlone["RevokedAt"].Should().NotBeNull();
        // What tells two keys apart, and the version each write draws anew.
        string[] own = ["Id", "Name", "KeyPrefix", "SecretHash", "Version"];
        foreach (var (column, value) in revokedAlone.Where(c => !own.Any(o => c.Key.EndsWith(o, StringComparison.Ordinal))))
        {
            revokedInBulk[column].Should().Be(value, $"column {column} after a bulk revocation");
        }
    }

    /// <summary>Every column of every key, by the key's name.</summary>
    private async Task<Dictionary<string, Dictionary<string, object?>>> RowsAsync()
    {
        await using var scope = _database.Scope();
        var connection = scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.GetDbConnection();
        await connection.OpenAsync(Cancel);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM api_keys";
        await using var reader = await command.ExecuteReaderAsync(Cancel);
        var rows = new Dictionary<string, Dictionary<string, object?>>();
        while (await reader.ReadAsync(Cancel))
        {
            var row = Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => reader.IsDBNull(i) ? null : reader.GetValue(i));
            rows[(string)row["Name"]!] = row;
        }

        return rows;
    }

    private async Task<OrganizationId> SeedAsync(IReadOnlyList<ApiKey> keys)
    {
        await using var scope = _database.Scope();
        scope.ServiceProvider.GetRequiredService<IOrganizationRepository>().Add(_organization);
        var repository = scope.ServiceProvider.GetRequiredService<IApiKeyRepository>();
        foreach (var key in keys)
        {
            repository.Add(key);
        }

        (await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(Cancel)).IsSuccess.Should().BeTrue();
        return _organization.Id;
    }
}
