using ApiKeys.Application.Abstractions;
using ApiKeys.Application.Common.Paging;
using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;
using ApiKeys.Infrastructure.ChangeFeed;
using ApiKeys.Infrastructure.HotPath;
using ApiKeys.Infrastructure.Persistence.Configurations;
using Microsoft.EntityFrameworkCore;

namespace ApiKeys.Infrastructure.Persistence.Repositories;

internal sealed class ApiKeyRepository(DbSession session, KeyMetrics metrics, BulkKeyChanges bulk) : IApiKeyRepository
{
    public Task<ApiKey?> FindAsync(OrganizationId organizationId, ApiKeyId id, CancellationToken cancellationToken) =>
        session.Db.ApiKeys.FirstOrDefaultAsync(k => k.Id == id && k.OrganizationId == organizationId, cancellationToken);

    public Task<ApiKey?> FindByPrefixAsync(string keyPrefix, CancellationToken cancellationToken) =>
        session.Db.ApiKeys.FirstOrDefaultAsync(k => k.Secret.KeyPrefix == keyPrefix || k.Secret.PreviousKeyPrefix == keyPrefix, cancellationToken);

    public Task<bool> IsUnrevokedAsync(OrganizationId organizationId, ApiKeyId id, CancellationToken cancellationToken) =>
        session.Db.ApiKeys.AsNoTracking().AnyAsync(k => k.Id == id && k.OrganizationId == organizationId && k.RevokedAt == null, cancellationToken);

    public Task<bool> PrefixExistsAsync(string keyPrefix, CancellationToken cancellationToken) =>
        session.Db.ApiKeys.AnyAsync(k => k.Secret.KeyPrefix == keyPrefix || k.Secret.PreviousKeyPrefix == keyPrefix, cancellationToken);

    public async Task<IReadOnlyList<string>> ExistingPrefixesAsync(IReadOnlyCollection<string> keyPrefixes, CancellationToken cancellationToken)
    {
        if (keyPrefixes.Count == 0)
        {
            return [];
        }

        var current = await session.Db.ApiKeys.AsNoTracking().Where(k => keyPrefixes.Contains(k.Secret.KeyPrefix)).Select(k => k.Secret.KeyPrefix).ToListAsync(cancellationToken);
        var previous = await session.Db.ApiKeys.AsNoTracking().Where(k => k.Secret.PreviousKeyPrefix != null && keyPrefixes.Contains(k.Secret.PreviousKeyPrefix))
            .Select(k => k.Secret.PreviousKeyPrefix!).ToListAsync(cancellationToken);
        return [.. current, .. previous];
    }

    public Task<Page<ApiKey>> ListAsync(OrganizationId organizationId, ApiKeyFilter filter, KeyListCursor? after, int limit, CancellationToken cancellationToken) =>
        new KeyListQuery(session.Db, organizationId, filter).PageAsync(after, limit, cancellationToken);

    public Task<IReadOnlyList<ApiKey>> ListForChangeAsync(OrganizationId organizationId, ApiKeyFilter filter, int max, CancellationToken cancellationToken) =>
        new KeyListQuery(session.Db, organizationId, filter).TrackedAsync(max, cancellationToken);

    public async Task<IReadOnlyList<ApiKey>> ListLimitedToAppAsync(OrganizationId organizationId, string appId, CancellationToken cancellationToken) =>
        await session.Db.ApiKeys
            .Where(k => k.OrganizationId == organizationId && k.RevokedAt == null
                && (k.Kind == ApiKeyKind.Legacy || EF.Property<string?>(k, ApiKeyColumns.ProjectId) == appId)
                && session.Db.ApiKeyAppLinks.Any(l => l.OrganizationId == organizationId && l.AppId == appId && l.ApiKeyId == k.Id))
            .ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<ApiKeyId>?> RemoveAppRolesAsync(OrganizationId organizationId, string appId, DateTimeOffset now, CancellationToken cancellationToken) =>
        await new AppRoleRemoval(await session.BeginAsync(cancellationToken), bulk, organizationId, appId).RunAsync(now, cancellationToken);

    public async Task<bool> SaveRevokedAsync(OrganizationId organizationId, IReadOnlyList<ApiKey> revoked, DateTimeOffset now, CancellationToken cancellationToken) =>
        revoked.Count == 0 || await new BulkRevocation(await session.BeginAsync(cancellationToken), bulk).RunAsync(revoked, now, cancellationToken);

    public async Task<IReadOnlyList<ApiKey>> ListByIdsAsync(OrganizationId organizationId, IReadOnlyCollection<ApiKeyId> ids, CancellationToken cancellationToken) =>
        await session.Db.ApiKeys.AsNoTracking().Where(k => k.OrganizationId == organizationId && ids.Contains(k.Id)).ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<ApiKey>> ListCreatedByAsync(OrganizationId organizationId, IReadOnlyCollection<string> userIds, IReadOnlyCollection<string> keyIds, CancellationToken cancellationToken)
    {
        var found = new List<ApiKey>();
        var live = session.Db.ApiKeys.AsNoTracking().Where(k => k.OrganizationId == organizationId && k.RevokedAt == null);
        if (userIds.Count > 0)
        {
            found.AddRange(await live.Where(k => userIds.Contains(k.CreatedByUserId!)).ToListAsync(cancellationToken));
        }

        if (keyIds.Count > 0)
        {
            found.AddRange(await live.Where(k => keyIds.Contains(k.CreatedByKeyId!)).ToListAsync(cancellationToken));
        }

        return found;
    }

    public async Task<int> CountOwnerKeysAsync(OrganizationId organizationId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Scopes live in a JSON column and expiry comparisons differ by provider: narrow in SQL, decide in the domain.
        var ownerRole = Roles.OrgOwner.Name;
        var candidates = await session.Db.ApiKeys.AsNoTracking()
            .Where(k => k.OrganizationId == organizationId && k.RevokedAt == null && k.Kind == ApiKeyKind.Rbac && EF.Property<string?>(k, ApiKeyColumns.OrgRole) == ownerRole)
            .ToListAsync(cancellationToken);
        return candidates.Count(k => k.IsOwner(now));
    }

    public void Add(ApiKey apiKey) => session.Db.ApiKeys.Add(apiKey);

    public async Task<bool> RecordDigestAsync(ApiKeyId id, string keyPrefix, bool previous, string digest, CancellationToken cancellationToken)
    {
        var live = session.Db.ApiKeys.Where(k => k.Id == id && k.RevokedAt == null);
        var written = previous
            ? await live.Where(k => k.Secret.PreviousKeyPrefix == keyPrefix && (k.Secret.PreviousSecretDigest == null || k.Secret.PreviousSecretDigest != digest))
                .ExecuteUpdateAsync(set => set.SetProperty(k => k.Secret.PreviousSecretDigest, digest), cancellationToken)
            : await live.Where(k => k.Secret.KeyPrefix == keyPrefix && (k.Secret.SecretDigest == null || k.Secret.SecretDigest != digest))
                .ExecuteUpdateAsync(set => set.SetProperty(k => k.Secret.SecretDigest, digest), cancellationToken);
        metrics.DigestsWritten.Add(written);
        return written > 0;
    }
}
