using ApiKeys.Application.Abstractions;
using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Organizations;
using Microsoft.Extensions.DependencyInjection;

namespace ApiKeys.Infrastructure.Tests.Persistence;

/// <summary>Tests on a fresh database (SQLite, or PostgreSQL on its pass) holding one organization, with the steps they share: add a key, find it, save.</summary>
public abstract class OrganizationDatabaseTests : IAsyncLifetime
{
    protected Organization Organization { get; } = Organization.Create("Acme", TestData.Start);

    private protected TestDatabase Database { get; private set; } = null!;

    protected static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync(Cancel);
        await using var scope = Database.Scope();
        scope.ServiceProvider.GetRequiredService<IOrganizationRepository>().Add(Organization);
        (await SaveAsync(scope)).IsSuccess.Should().BeTrue();
    }

    public ValueTask DisposeAsync() => Database.DisposeAsync();

    protected Task<ApiKey> AddKeyAsync(string name) => AddKeyAsync(TestData.Key(Organization, name, TestData.Start));

    protected async Task<ApiKey> AddKeyAsync(ApiKey key)
    {
        await using var scope = Database.Scope();
        scope.ServiceProvider.GetRequiredService<IApiKeyRepository>().Add(key);
        (await SaveAsync(scope)).IsSuccess.Should().BeTrue();
        return key;
    }

    protected async Task<ApiKey> FindAsync(AsyncServiceScope scope, ApiKeyId id) =>
        await scope.ServiceProvider.GetRequiredService<IApiKeyRepository>().FindAsync(Organization.Id, id, Cancel)
        ?? throw new InvalidOperationException($"{id} was not saved.");

    protected static Task<Result> SaveAsync(AsyncServiceScope scope) =>
        scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(Cancel);
}
