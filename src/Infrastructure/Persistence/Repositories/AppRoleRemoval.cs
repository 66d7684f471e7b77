using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;
using ApiKeys.Infrastructure.ChangeFeed;
using ApiKeys.Infrastructure.Persistence.Configurations;
using Microsoft.EntityFrameworkCore;

namespace ApiKeys.Infrastructure.Persistence.Repositories;

/// <summary>
/// Deleting an app bound by many keys without loading them: the keys that only hold roles on it are read as (id,
/// roles), grouped by their roles, and each group is changed by one <c>UPDATE</c> per chunk of ids. Loading and
/// tracking each key cost about a quarter of a millisecond a key, seconds for tens of thousands.
/// </summary>
internal sealed class AppRoleRemoval(AppDbContext db, BulkKeyChanges bulk, OrganizationId organizationId, string appId)
{
    public async Task<IReadOnlyList<ApiKeyId>?> RunAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var rows = await Bound().AsNoTracking()
            .Select(k => new { k.Id, Roles = EF.Property<List<AppRoleBinding>>(k, ApiKeyColumns.AppRoles) })
            .ToListAsync(cancellationToken);
        var changed = new List<ApiKeyId>(rows.Count);
        foreach (var group in rows.GroupBy(r => string.Join('\n', r.Roles.Select(b => $"{b.AppId}\t{b.Role}")), StringComparer.Ordinal))
        {
            var before = group.First().Roles;
            var after = RbacGrant.RolesWithoutApp(before, appId);
            foreach (var chunk in group.Select(r => r.Id).Chunk(BulkStatements.MaxRows))
            {
                // The roles read above are the condition: a key re-roled meanwhile (PostgreSQL and SQL Server re-read
                // the row once its lock is free) is not matched, and the count tells.
                var version = Guid.NewGuid();
                // By id alone (read within the organization above): another indexed column here lets SQLite's planner
                // walk every key of the organization once per chunk instead of the primary key.
                var updated = await db.ApiKeys
                    .Where(k => k.RevokedAt == null && chunk.Contains(k.Id) && EF.Property<List<AppRoleBinding>>(k, ApiKeyColumns.AppRoles) == before)
                    .ExecuteUpdateAsync(
                        set => set
                            .SetProperty(k => EF.Property<List<AppRoleBinding>>(k, ApiKeyColumns.AppRoles), after)
                            .SetProperty(k => k.UpdatedAt, now)
                            .SetProperty(k => k.Version, version),
                        cancellationToken);
                if (updated != chunk.Length)
                {
                    return null;
                }

                await db.ApiKeyAppLinks.Where(l => l.AppId == appId && chunk.Contains(l.ApiKeyId)).ExecuteDeleteAsync(cancellationToken);
                changed.AddRange(chunk);
            }
        }

        // Every node evicts them through the feed; this node's save interceptors learn of them from the registry.
        await bulk.WriteAsync(db, changed, now, cancellationToken);
        return changed;
    }

    /// <summary>Unrevoked RBAC keys with an index row on the app that are not its project key: their roles name it.</summary>
    private IQueryable<ApiKey> Bound() =>
        db.ApiKeys.Where(k => k.OrganizationId == organizationId && k.RevokedAt == null && k.Kind == ApiKeyKind.Rbac
            && (EF.Property<string?>(k, ApiKeyColumns.ProjectId) == null || EF.Property<string?>(k, ApiKeyColumns.ProjectId) != appId)
            && db.ApiKeyAppLinks.Any(l => l.OrganizationId == organizationId && l.AppId == appId && l.ApiKeyId == k.Id));
}
