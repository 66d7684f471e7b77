using ApiKeys.Application.Abstractions;
using ApiKeys.Application.Common.Paging;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Organizations;
using Microsoft.EntityFrameworkCore;

namespace ApiKeys.Infrastructure.Persistence.Repositories;

internal sealed class AppRepository(DbSession session) : IAppRepository
{
    public Task<App?> FindAsync(OrganizationId organizationId, string appId, CancellationToken cancellationToken) =>
        session.Db.Apps.FirstOrDefaultAsync(a => a.OrganizationId == organizationId && a.AppId == appId, cancellationToken);

    public Task<Page<App>> ListAsync(OrganizationId organizationId, PageRequest page, CancellationToken cancellationToken)
    {
        var query = session.Db.Apps.AsNoTracking().Where(a => a.OrganizationId == organizationId);
        if (Cursor.TryDecode(page.Cursor, out var cursor))
        {
            query = query.Where(a => a.CreatedAt > cursor.CreatedAt || (a.CreatedAt == cursor.CreatedAt && string.Compare(a.AppId, cursor.Id) > 0));
        }

        return query.OrderBy(a => a.CreatedAt).ThenBy(a => a.AppId)
            .ToPageAsync(page.Limit, a => new Cursor(a.CreatedAt, a.AppId), cancellationToken);
    }

    public async Task<IReadOnlyList<string>> ListIdsAsync(OrganizationId organizationId, CancellationToken cancellationToken) =>
        await session.Db.Apps.Where(a => a.OrganizationId == organizationId).Select(a => a.AppId).ToListAsync(cancellationToken);

    public void Add(App app) => session.Db.Apps.Add(app);

    public void Remove(App app) => session.Db.Apps.Remove(app);
}
