using ApiKeys.Application.Abstractions;
using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Organizations;
using ApiKeys.Infrastructure.ChangeFeed;
using ApiKeys.Infrastructure.HotPath;
using Microsoft.EntityFrameworkCore;

namespace ApiKeys.Infrastructure.Persistence;

/// <summary>
/// Saves a request's changes in one transaction. Every changed key also gets a change-feed row in that same
/// transaction (so other nodes evict it) and is evicted from this node's cache once the commit succeeded.
/// </summary>
internal sealed class UnitOfWork(DbSession session, KeyCache cache, KeyChangeSignal changes, AppDirectory apps, TimeProvider time) : IUnitOfWork
{
    public async Task<Result> SaveChangesAsync(CancellationToken cancellationToken)
    {
        if (!session.IsOpen)
        {
            return Result.Success;
        }

        var db = session.Db;
        var changedKeys = db.ChangeTracker.Entries<ApiKey>()
            .Where(e => e.State == EntityState.Modified)
            .Select(e => e.Entity.Id)
            .ToList();
        var appsChanged = db.ChangeTracker.Entries<App>()
            .Where(e => e.State is EntityState.Added or EntityState.Deleted)
            .Select(e => e.Entity.OrganizationId)
            .Distinct()
            .ToList();
        var now = time.Now();
        db.KeyChanges.AddRange(changedKeys.Select(id => KeyChange.For(id, now)));

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException exception)
        {
            return exception.Entries.Any(e => e.Entity is Organization) ? OrganizationErrors.ConcurrentUpdate : ApiKeyErrors.ConcurrentUpdate;
        }
        catch (DbUpdateException exception) when (DatabaseFailures.IsUniqueViolation(exception))
        {
            return Error.Conflict("conflict", "The change conflicts with existing data; retry.");
        }

        foreach (var keyId in changedKeys)
        {
            cache.Evict(keyId);
        }

        foreach (var organizationId in appsChanged)
        {
            apps.Forget(organizationId);
        }

        if (changedKeys.Count > 0)
        {
            changes.Pulse();
        }

        return Result.Success;
    }
}
