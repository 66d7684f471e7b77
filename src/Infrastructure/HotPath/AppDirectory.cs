using System.Collections.Frozen;
using ApiKeys.Application.Abstractions;
using ApiKeys.Domain.Common;
using ApiKeys.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;

namespace ApiKeys.Infrastructure.HotPath;

/// <summary>
/// The app ids of each organization, kept in memory for a second: verify checks an app on every call and must not
/// read the database for it. This node forgets an organization at once when it saves an app change (see
/// <see cref="CacheEviction"/>); other nodes within a second, the same bound as the change feed.
/// </summary>
public sealed class AppDirectory(IServiceScopeFactory scopes) : IAppDirectory, IDisposable
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(1);

    private readonly MemoryCache _apps = new(new MemoryCacheOptions { SizeLimit = 10_000 });

    public async ValueTask<bool> ExistsAsync(OrganizationId organizationId, string appId, CancellationToken cancellationToken)
    {
        if (!_apps.TryGetValue(organizationId, out FrozenSet<string>? ids) || ids is null)
        {
            ids = await LoadAsync(organizationId, cancellationToken);
            using var entry = _apps.CreateEntry(organizationId);
            entry.Value = ids;
            entry.Size = 1;
            entry.AbsoluteExpirationRelativeToNow = Lifetime;
        }

        return ids.Contains(appId);
    }

    public void Forget(OrganizationId organizationId) => _apps.Remove(organizationId);

    public void Dispose() => _apps.Dispose();

    private async Task<FrozenSet<string>> LoadAsync(OrganizationId organizationId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var ids = await db.Apps.AsNoTracking().Where(a => a.OrganizationId == organizationId).Select(a => a.AppId).ToListAsync(cancellationToken);
        return ids.ToFrozenSet(StringComparer.Ordinal);
    }
}
