using ApiKeys.Application.Abstractions;
using ApiKeys.Application.Common.Paging;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Organizations;
using Microsoft.EntityFrameworkCore;

namespace ApiKeys.Infrastructure.Persistence.Repositories;

internal sealed class MemberRepository(DbSession session) : IMemberRepository
{
    public Task<Member?> FindAsync(OrganizationId organizationId, string userId, CancellationToken cancellationToken) =>
        session.Db.Members.FirstOrDefaultAsync(m => m.OrganizationId == organizationId && m.UserId == userId, cancellationToken);

    public Task<Page<Member>> ListAsync(OrganizationId organizationId, PageRequest page, CancellationToken cancellationToken)
    {
        var query = session.Db.Members.AsNoTracking().Where(m => m.OrganizationId == organizationId);
        if (Cursor.TryDecode(page.Cursor, out var cursor))
        {
            query = query.Where(m => m.CreatedAt > cursor.CreatedAt || (m.CreatedAt == cursor.CreatedAt && string.Compare(m.UserId, cursor.Id) > 0));
        }

        return query.OrderBy(m => m.CreatedAt).ThenBy(m => m.UserId)
            .ToPageAsync(page.Limit, m => new Cursor(m.CreatedAt, m.UserId), cancellationToken);
    }

    public async Task<IReadOnlyList<Member>> ListByAppAsync(OrganizationId organizationId, string appId, CancellationToken cancellationToken)
    {
        // Bindings live in a JSON column: narrow by organization in SQL, by app in memory (an org has few members).
        var members = await session.Db.Members.Where(m => m.OrganizationId == organizationId).ToListAsync(cancellationToken);
        return [.. members.Where(m => m.AppRoles.Any(b => b.AppId == appId))];
    }

    public async Task<IReadOnlyList<Member>> ListForUserAsync(string userId, CancellationToken cancellationToken) =>
        await session.Db.Members.AsNoTracking().Where(m => m.UserId == userId).OrderBy(m => m.CreatedAt).ToListAsync(cancellationToken);

    public Task<int> CountOwnersAsync(OrganizationId organizationId, CancellationToken cancellationToken) =>
        session.Db.Members.CountAsync(m => m.OrganizationId == organizationId && m.OrgRole == Roles.OrgOwner.Name, cancellationToken);

    public void Add(Member member) => session.Db.Members.Add(member);

    public void Remove(Member member) => session.Db.Members.Remove(member);
}
