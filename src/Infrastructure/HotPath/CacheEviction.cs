using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Organizations;
using ApiKeys.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace ApiKeys.Infrastructure.HotPath;

/// <summary>
/// This node's caches forget what a save changed, once it is committed: each modified key leaves the
/// <see cref="KeyCache"/>, and an organization whose apps were added or deleted leaves the <see cref="AppDirectory"/>.
/// Other nodes follow the change feed.
/// </summary>
public sealed class CacheEviction(KeyCache keys, AppDirectory apps) : CommitInterceptor<CacheEviction.Changed>
{
    protected override Changed? Saving(DbContext context)
    {
        var changedKeys = context.ChangeTracker.Entries<ApiKey>()
            .Where(e => e.State == EntityState.Modified)
            .Select(e => e.Entity.Id)
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
