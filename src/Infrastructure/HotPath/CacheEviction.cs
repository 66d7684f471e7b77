using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Organizations;
using ApiKeys.Infrastructure.ChangeFeed;
using ApiKeys.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace ApiKeys.Infrastructure.HotPath;

/// <summary>
/// This node's caches forget what a save changed, once it is committed: each modified key leaves the
/// <see cref="KeyCache"/> (tracked as modified, or changed in bulk: <see cref="BulkKeyChanges"/>), and an organization
/// whose apps were added or deleted leaves the <see cref="AppDirectory"/>.
/// Other nodes follow the change feed.
/// </summary>
public sealed class CacheEviction(KeyCache keys, AppDirectory apps, BulkKeyChanges bulk) : CommitInterceptor<CacheEviction.Changed>
{
    protected override Changed? Saving(DbContext context)
    {
        var changedKeys = context.ChangeTracker.Entries<ApiKey>()
            .Where(e => e.State == EntityState.Modified)
            .Select(e => e.Entity.Id)
            // Keys changed in bulk (deleting an app) are not tracked.
            .Concat(bulk.Of(context))
            .Distinct()
            .ToList();
        var appsChanged = context.ChangeTracker.Entries<App>()
            .Where(e => e.State is EntityState.Added or EntityState.Deleted)
            .Select(e => e.Entity.OrganizationId)
            .Distinct()
            .ToList();
        return changedKeys.Count == 0 && appsChanged.Count == 0 ? null : new Changed(changedKeys, appsChanged);
    }

    protected override void Committed(Changed noted)
    {
        foreach (var keyId in noted.Keys)
        {
            keys.Evict(keyId);
        }

        foreach (var organizationId in noted.AppsOf)
        {
            apps.Forget(organizationId);
        }
    }

    /// <summary>The keys and the organizations' app lists a save changes.</summary>
    public sealed record Changed(IReadOnlyList<ApiKeyId> Keys, IReadOnlyList<OrganizationId> AppsOf);
}
