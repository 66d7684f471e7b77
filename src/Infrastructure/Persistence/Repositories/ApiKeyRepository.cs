using ApiKeys.Application.Abstractions;
using ApiKeys.Application.Common.Paging;
using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;
using ApiKeys.Infrastructure.HotPath;
using ApiKeys.Infrastructure.Persistence.Configurations;
using Microsoft.EntityFrameworkCore;

namespace ApiKeys.Infrastructure.Persistence.Repositories;

internal sealed class ApiKeyRepository(DbSession session, KeyMetrics metrics) : IApiKeyRepository
{
    public Task<ApiKey?> FindAsync(OrganizationId organizationId, ApiKeyId id, CancellationToken cancellationToken) =>
        session.Db.ApiKeys.FirstOrDefaultAsync(k => k.Id == id && k.OrganizationId == organizationId, cancellationToken);

    public Task<ApiKey?> FindByPrefixAsync(string keyPrefix, CancellationToken cancellationToken) =>
        session.Db.ApiKeys.FirstOrDefaultAsync(k => k.Secret.KeyPrefix == keyPrefix || k.Secret.PreviousKeyPrefix == keyPrefix, cancellationToken);

    public Task<bool> IsUnrevokedAsync(OrganizationId organizationId, ApiKeyId id, CancellationToken cancellationToken) =>
        session.Db.ApiKeys.AsNoTracking().AnyAsync(k => k.Id == id && k.OrganizationId == organizationId && k.RevokedAt == null, cancellationToken);

    public Task<bool> PrefixExistsAsync(string keyPrefix, CancellationToken cancellationToken) =>
        session.Db.ApiKeys.AnyAsync(k => k.Secret.KeyPrefix == keyPrefix || k.Secret.PreviousKeyPrefix == keyPrefix, cancellationToken);

    public Task<Page<ApiKey>> ListAsync(OrganizationId organizationId, ApiKeyFilter filter, PageRequest page, CancellationToken cancellationToken)
    {
        var query = session.Db.ApiKeys.AsNoTracking().Where(k => k.OrganizationId == organizationId);
        if (filter.Kind is { } kind)
        {
            query = query.Where(k => k.Kind == kind);
        }

        if (!filter.IncludeRevoked)
        {
            query = query.Where(k => k.RevokedAt == null);
        }

        if (Cursor.TryDecode(page.Cursor, out var cursor) && ApiKeyId.TryParse(cursor.Id, out var afterId))
        {
            query = query.Where(k => k.CreatedAt > cursor.CreatedAt || (k.CreatedAt == cursor.CreatedAt && k.Id > afterId));
        }

        return query.OrderBy(k => k.CreatedAt).ThenBy(k => k.Id)
            .ToPageAsync(page.Limit, k => new Cursor(k.CreatedAt, k.Id.ToString()), cancellationToken);
    }

    public async Task<IReadOnlyList<ApiKey>> ListUnrevokedAsync(OrganizationId organizationId, CancellationToken cancellationToken) =>
        await session.Db.ApiKeys.Where(k => k.OrganizationId == organizationId && k.RevokedAt == null).ToListAsync(cancellationToken);

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
