using ApiKeys.Application.Abstractions;
using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Organizations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ApiKeys.Infrastructure.Tests.Persistence;

public sealed class UnitOfWorkTests : IAsyncLifetime
{
    private readonly Organization _organization = Organization.Create("Acme", TestData.Start);
    private SqliteDatabase _database = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _database = await SqliteDatabase.CreateAsync(Cancel);
        await using var scope = _database.Scope();
        scope.ServiceProvider.GetRequiredService<IOrganizationRepository>().Add(_organization);
        (await SaveAsync(scope)).IsSuccess.Should().BeTrue();
    }

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task Save_SecondOfTwoConcurrentRegenerations_ReturnsConflict()
    {
        var key = await AddKeyAsync(TestData.Key(_organization, "contended", TestData.Start));
        await using var first = _database.Scope();
        await using var second = _database.Scope();
        var firstCopy = await FindAsync(first, key.Id);
        var secondCopy = await FindAsync(second, key.Id);

        var now = TestData.Start.AddMinutes(1);
        firstCopy.Regenerate(TestData.Secret(), TimeSpan.Zero, KeyPolicy.Default, now).IsSuccess.Should().BeTrue();
        secondCopy.Regenerate(TestData.Secret(), TimeSpan.Zero, KeyPolicy.Default, now).IsSuccess.Should().BeTrue();
        var firstSave = await SaveAsync(first);
        var secondSave = await SaveAsync(second);

        firstSave.IsSuccess.Should().BeTrue();
        secondSave.Error.Should().Be(ApiKeyErrors.ConcurrentUpdate);
        await using var reader = _database.Scope();
        (await FindAsync(reader, key.Id)).Secret.KeyPrefix.Should().Be(firstCopy.Secret.KeyPrefix, "the loser changed nothing");
    }

    [Fact]
    public async Task Save_OrganizationChangedConcurrently_ReturnsOrganizationConflict()
    {
        await using var first = _database.Scope();
        await using var second = _database.Scope();
        var firstCopy = await FindOrganizationAsync(first);
        var secondCopy = await FindOrganizationAsync(second);

        firstCopy.Update("Acme One", null, TestData.Start.AddMinutes(1));
        secondCopy.Update("Acme Two", null, TestData.Start.AddMinutes(1));
        (await SaveAsync(first)).IsSuccess.Should().BeTrue();

        (await SaveAsync(second)).Error.Should().Be(OrganizationErrors.ConcurrentUpdate);

        async Task<Organization> FindOrganizationAsync(AsyncServiceScope scope) =>
            (await scope.ServiceProvider.GetRequiredService<IOrganizationRepository>().FindAsync(_organization.Id, Cancel))!;
    }

    [Fact]
    public async Task Save_DuplicateKeyPrefix_ReturnsConflict()
    {
        // Two creates that drew the same 6 random characters at once: the unique index turns the second away.
        var existing = await AddKeyAsync(TestData.Key(_organization, "first", TestData.Start));
        await using var scope = _database.Scope();
        scope.ServiceProvider.GetRequiredService<IApiKeyRepository>()
            .Add(TestData.Key(_organization, "second", TestData.Start, TestData.Secret(existing.Secret.KeyPrefix)));

        var result = await SaveAsync(scope);

        result.Error!.Kind.Should().Be(ErrorKind.Conflict);
    }

    [Fact]
    public async Task Save_KeyOfMissingOrganization_Throws()
    {
        // A foreign key failure is a bug, not a conflict a client could resolve by retrying.
        await using var scope = _database.Scope();
        scope.ServiceProvider.GetRequiredService<IApiKeyRepository>().Add(TestData.Key(Organization.Create("Unsaved", TestData.Start), "orphan", TestData.Start));

        var save = () => SaveAsync(scope);

        await save.Should().ThrowAsync<DbUpdateException>();
    }

    private async Task<ApiKey> AddKeyAsync(ApiKey key)
    {
        await using var scope = _database.Scope();
        scope.ServiceProvider.GetRequiredService<IApiKeyRepository>().Add(key);
        (await SaveAsync(scope)).IsSuccess.Should().BeTrue();
        return key;
    }

    private async Task<ApiKey> FindAsync(AsyncServiceScope scope, ApiKeyId id) =>
        await scope.ServiceProvider.GetRequiredService<IApiKeyRepository>().FindAsync(_organization.Id, id, Cancel)
        ?? throw new InvalidOperationException($"{id} was not saved.");

    private static Task<Result> SaveAsync(AsyncServiceScope scope) =>
        scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(Cancel);
}
