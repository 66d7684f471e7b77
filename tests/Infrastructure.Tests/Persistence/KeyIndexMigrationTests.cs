using System.Text.Json.Nodes;
using ApiKeys.Application.Abstractions;
using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.ApiKeys.Governance;
using ApiKeys.Domain.Audit;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Organizations;
using ApiKeys.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace ApiKeys.Infrastructure.Tests.Persistence;

/// <summary>
/// The KeyIndex, SearchText and SearchWalk migrations on a database that has keys: taken back to the migration before it (its tables gone), then
/// up again, it rebuilds from the keys' own columns exactly the index rows that the save-time writer had written.
/// </summary>
public sealed class KeyIndexMigrationTests : IAsyncLifetime
{
    private const string PreviousMigration = "TokenDigest";

    private readonly Organization _organization = Organization.Create("Acme", TestData.Start);
    private TestDatabase _database = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _database = await TestDatabase.CreateAsync(Cancel);

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task MigratingUpFromThePreviousSchema_MovesEveryBindingAndIndexableMetaField()
    {
        await SeedAsync();
        var written = await IndexRowsAsync();
        written.Apps.Should().HaveCount(5, "two app roles on one key, a project and its role on another, two legacy limits");
        written.Meta.Should().HaveCount(3, "only short string fields are indexed");
        written.Search.Should().HaveCount(4, "every key has its search text");

        await using (var scope = _database.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var migrator = db.GetService<IMigrator>();
            await migrator.MigrateAsync(PreviousMigration, Cancel);
            (await db.Database.GetAppliedMigrationsAsync(Cancel)).Should().NotContain(m => m.EndsWith("_KeyIndex", StringComparison.Ordinal));
            await migrator.MigrateAsync(cancellationToken: Cancel);
        }

        var moved = await IndexRowsAsync();
        moved.Apps.Should().BeEquivalentTo(written.Apps);
        moved.Meta.Should().BeEquivalentTo(written.Meta);
        moved.Search.Should().BeEquivalentTo(written.Search, "the SearchText migration lowers the existing keys as the writer does, and SearchWalk copies their creation times");
    }

    private async Task SeedAsync()
    {
        var creator = new Actor(ActorType.User, "user-1");
        var rbac = ApiKey.CreateRbac(
            _organization,
            new RbacKeySpec("bound", Secure: true, OrgRole: null, AppRoles: [new("com.a", "app_reader"), new("com.b", "app_admin")], Scopes: [], ProjectId: null, ExpiresAt: null, DeviceName: null, Source: null),
            TestData.Secret(),
            creator,
            TestData.Start).Value;
        var project = ApiKey.CreateRbac(
            _organization,
            new RbacKeySpec("project", Secure: true, OrgRole: Roles.OrgMember, AppRoles: [new("com.c", "app_admin")], Scopes: [], ProjectId: "com.c", ExpiresAt: null, DeviceName: null, Source: null),
            TestData.Secret(),
            creator,
            TestData.Start).Value;
        var legacy = ApiKey.CreateLegacy(_organization, new LegacyKeySpec("legacy", LegacyMode.Read, ["com.a", "com.d"], [], Secure: true), TestData.Secret(), creator, TestData.Start).Value;
        var plain = TestData.Key(_organization, "No Bindings", TestData.Start.AddMinutes(3));

        var meta = new JsonObject
        {
            ["team"] = "ci",
            ["région"] = "東京",
            ["count"] = 3,
            ["nested"] = new JsonObject { ["team"] = "no" },
            ["long"] = new string('x', 201),
            [new string('f', 65)] = "long field",
        };
        KeyMeta.TryCreate(meta, out var keyMeta).Should().BeTrue();
        rbac.ChangeMeta(keyMeta, TestData.Start).IsSuccess.Should().BeTrue();
        KeyMeta.TryCreate(new JsonObject { ["team"] = "cd" }, out var other).Should().BeTrue();
        legacy.ChangeMeta(other, TestData.Start).IsSuccess.Should().BeTrue();

        await using var scope = _database.Scope();
        scope.ServiceProvider.GetRequiredService<IOrganizationRepository>().Add(_organization);
        var repository = scope.ServiceProvider.GetRequiredService<IApiKeyRepository>();
        foreach (var key in new[] { rbac, project, legacy, plain })
        {
            repository.Add(key);
        }

        (await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(Cancel)).IsSuccess.Should().BeTrue();
    }

    private async Task<(List<string> Apps, List<string> Meta, List<string> Search)> IndexRowsAsync()
    {
        await using var scope = _database.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var apps = await db.ApiKeyAppLinks.AsNoTracking().ToListAsync(Cancel);
        var meta = await db.ApiKeyMetaFields.AsNoTracking().ToListAsync(Cancel);
        var search = await db.ApiKeySearchTexts.AsNoTracking().ToListAsync(Cancel);
        return (
            [.. apps.Select(l => $"{l.OrganizationId}|{l.ApiKeyId}|{l.AppId}")],
            [.. meta.Select(m => $"{m.OrganizationId}|{m.ApiKeyId}|{m.Field}|{m.Value}")],
            [.. search.Select(t => $"{t.OrganizationId}|{t.ApiKeyId}|{t.CreatedAt:O}|{t.Name}|{t.Prefix}")]);
    }
}
