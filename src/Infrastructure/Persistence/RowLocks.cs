using ApiKeys.Application.Abstractions;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Organizations;
using Microsoft.EntityFrameworkCore;

namespace ApiKeys.Infrastructure.Persistence;

/// <summary>
/// <see cref="IRowLocks"/> on each provider, inside the request's transaction (opened by the first lock, committed by
/// <see cref="UnitOfWork"/>). PostgreSQL: <c>FOR SHARE</c> / <c>FOR UPDATE</c>. SQL Server: <c>HOLDLOCK</c> /
/// <c>XLOCK, HOLDLOCK</c>. SQLite has one writer: its transaction begins <c>IMMEDIATE</c>, so the whole request after
/// the first lock runs alone and a plain read is the lock. After a lock, a tracked copy of the row is read again, since
/// it may have been loaded (authorization loads the caller's membership) before the lock was held.
/// </summary>
internal sealed class RowLocks(DbSession session) : IRowLocks
{
    public async Task LockMemberAsync(OrganizationId organizationId, string userId, CancellationToken cancellationToken) =>
        await LockMemberRowAsync(organizationId, userId, exclusive: true, cancellationToken);

    public Task<bool> ShareMemberAsync(OrganizationId organizationId, string userId, CancellationToken cancellationToken) =>
        LockMemberRowAsync(organizationId, userId, exclusive: false, cancellationToken);

    public async Task LockAppAsync(OrganizationId organizationId, string appId, CancellationToken cancellationToken) =>
        await LockAppRowAsync(organizationId, appId, exclusive: true, cancellationToken);

    public Task<bool> ShareAppAsync(OrganizationId organizationId, string appId, CancellationToken cancellationToken) =>
        LockAppRowAsync(organizationId, appId, exclusive: false, cancellationToken);

    private async Task<bool> LockMemberRowAsync(OrganizationId organizationId, string userId, bool exclusive, CancellationToken cancellationToken)
    {
        var db = await session.BeginAsync(cancellationToken);
        var org = organizationId.Value;
        var rows = db switch
        {
            PostgresAppDbContext when exclusive => db.Database.SqlQuery<int>($"""SELECT 1 AS "Value" FROM members WHERE "OrganizationId" = {org} AND "UserId" = {userId} FOR UPDATE"""),
            PostgresAppDbContext => db.Database.SqlQuery<int>($"""SELECT 1 AS "Value" FROM members WHERE "OrganizationId" = {org} AND "UserId" = {userId} FOR SHARE"""),
            SqlServerAppDbContext when exclusive => db.Database.SqlQuery<int>($"SELECT 1 AS [Value] FROM members WITH (XLOCK, HOLDLOCK, ROWLOCK) WHERE [OrganizationId] = {org} AND [UserId] = {userId}"),
            SqlServerAppDbContext => db.Database.SqlQuery<int>($"SELECT 1 AS [Value] FROM members WITH (HOLDLOCK, ROWLOCK) WHERE [OrganizationId] = {org} AND [UserId] = {userId}"),
            _ => null,
        };
        var exists = rows is null
            ? await db.Members.AsNoTracking().AnyAsync(m => m.OrganizationId == organizationId && m.UserId == userId, cancellationToken)
            : (await rows.ToListAsync(cancellationToken)).Count > 0;
        foreach (var tracked in db.ChangeTracker.Entries<Member>().Where(e => e.Entity.OrganizationId == organizationId && e.Entity.UserId == userId).ToList())
        {
            await tracked.ReloadAsync(cancellationToken);
        }

        return exists;
    }

    private async Task<bool> LockAppRowAsync(OrganizationId organizationId, string appId, bool exclusive, CancellationToken cancellationToken)
    {
        var db = await session.BeginAsync(cancellationToken);
        var org = organizationId.Value;
        var rows = db switch
        {
            PostgresAppDbContext when exclusive => db.Database.SqlQuery<int>($"""SELECT 1 AS "Value" FROM apps WHERE "OrganizationId" = {org} AND "AppId" = {appId} FOR UPDATE"""),
            PostgresAppDbContext => db.Database.SqlQuery<int>($"""SELECT 1 AS "Value" FROM apps WHERE "OrganizationId" = {org} AND "AppId" = {appId} FOR SHARE"""),
            SqlServerAppDbContext when exclusive => db.Database.SqlQuery<int>($"SELECT 1 AS [Value] FROM apps WITH (XLOCK, HOLDLOCK, ROWLOCK) WHERE [OrganizationId] = {org} AND [AppId] = {appId}"),
            SqlServerAppDbContext => db.Database.SqlQuery<int>($"SELECT 1 AS [Value] FROM apps WITH (HOLDLOCK, ROWLOCK) WHERE [OrganizationId] = {org} AND [AppId] = {appId}"),
            _ => null,
        };
        var exists = rows is null
            ? await db.Apps.AsNoTracking().AnyAsync(a => a.OrganizationId == organizationId && a.AppId == appId, cancellationToken)
            : (await rows.ToListAsync(cancellationToken)).Count > 0;
        foreach (var tracked in db.ChangeTracker.Entries<App>().Where(e => e.Entity.OrganizationId == organizationId && e.Entity.AppId == appId).ToList())
        {
            await tracked.ReloadAsync(cancellationToken);
        }

        return exists;
    }
}
