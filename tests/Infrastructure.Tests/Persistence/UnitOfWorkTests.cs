using ApiKeys.Application.Abstractions;
using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Organizations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ApiKeys.Infrastructure.Tests.Persistence;

public sealed class UnitOfWorkTests : OrganizationDatabaseTests
{
    [Fact]
    public async Task Save_SecondOfTwoConcurrentRegenerations_ReturnsConflict()
    {
        var key = await AddKeyAsync("contended");
        await using var first = Database.Scope();
        await using var second = Database.Scope();
        var firstCopy = await FindAsync(first, key.Id);
        var secondCopy = await FindAsync(second, key.Id);

        var now = TestData.Start.AddMinutes(1);
        firstCopy.Regenerate(TestData.Secret(), TimeSpan.Zero, KeyPolicy.Default, now).IsSuccess.Should().BeTrue();
        secondCopy.Regenerate(TestData.Secret(), TimeSpan.Zero, KeyPolicy.Default, now).IsSuccess.Should().BeTrue();
        var firstSave = await SaveAsync(first);
        var secondSave = await SaveAsync(second);

        firstSave.IsSuccess.Should().BeTrue();
        secondSave.Error.Should().Be(ApiKeyErrors.ConcurrentUpdate);
        await using var reader = Database.Scope();
        (await FindAsync(reader, key.Id)).Secret.KeyPrefix.Should().Be(firstCopy.Secret.KeyPrefix, "the loser changed nothing");
    }

    [Fact]
    public async Task Save_OrganizationChangedConcurrently_ReturnsOrganizationConflict()
    {
        await using var first = Database.Scope();
        await using var second = Database.Scope();
        var firstCopy = await FindOrganizationAsync(first);
        var secondCopy = await FindOrganizationAsync(second);

        firstCopy.Update("Acme One", null, TestData.Start.AddMinutes(1));
        secondCopy.Update("Acme Two", null, TestData.Start.AddMinutes(1));
        (await SaveAsync(first)).IsSuccess.Should().BeTrue();

        (await SaveAsync(second)).Error.Should().Be(OrganizationErrors.ConcurrentUpdate);

        async Task<Organization> FindOrganizationAsync(AsyncServiceScope scope) =>
            (await scope.ServiceProvider.GetRequiredService<IOrganizationRepository>().FindAsync(Organization.Id, Cancel))!;
    }

    [Fact]
    public async Task Save_DuplicateKeyPrefix_ReturnsConflict()
    {
        // Two creates that drew the same 6 random characters at once: the unique index turns the second away.
        var existing = await AddKeyAsync("first");
        await using var scope = Database.Scope();
        scope.ServiceProvider.GetRequiredService<IApiKeyRepository>()
            .Add(TestData.Key(Organization, "second", TestData.Start, TestData.Secret(existing.Secret.KeyPrefix)));

        var result = await SaveAsync(scope);

        result.Error!.Kind.Should().Be(ErrorKind.Conflict);
    }

    [Fact]
    public async Task Save_KeyOfMissingOrganization_Throws()
    {
        // A foreign key failure is a bug, not a conflict a client could resolve by retrying.
        await using var scope = Database.Scope();
        scope.ServiceProvider.GetRequiredService<IApiKeyRepository>().Add(TestData.Key(Organization.Create("Unsaved", TestData.Start), "orphan", TestData.Start));

        var save = () => SaveAsync(scope);

        await save.Should().ThrowAsync<DbUpdateException>();
    }
}
