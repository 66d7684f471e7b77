using ApiKeys.Application.Abstractions;
using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Organizations;
using ApiKeys.Infrastructure.ChangeFeed;
using Microsoft.EntityFrameworkCore;

namespace ApiKeys.Infrastructure.Persistence;

/// <summary>
/// Saves a request's changes in one transaction (one <c>SaveChanges</c>). What else happens at a save is an
/// interceptor's: the change-feed rows (<c>ChangeFeedWriter</c>) and this node's cache eviction (<c>CacheEviction</c>),
/// which also read the keys changed in bulk (<see cref="BulkKeyChanges"/>), forgotten here once the save is over.
/// </summary>
internal sealed class UnitOfWork(DbSession session, BulkKeyChanges bulk) : IUnitOfWork
{
    public async Task<Result> SaveChangesAsync(CancellationToken cancellationToken)
    {
        if (!session.IsOpen)
        {
            return Result.Success;
        }

        try
        {
            await session.Db.SaveChangesAsync(cancellationToken);
            await session.CommitAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException exception)
        {
            await session.RollbackAsync();
            return exception.Entries.Any(e => e.Entity is Organization) ? OrganizationErrors.ConcurrentUpdate : ApiKeyErrors.ConcurrentUpdate;
        }
        catch (Exception exception) when (DatabaseFailures.IsDeadlock(exception))
        {
            await session.RollbackAsync();
            return OrganizationErrors.ConcurrentUpdate;
        }
        catch (DbUpdateException exception) when (DatabaseFailures.IsUniqueViolation(exception))
        {
            await session.RollbackAsync();
            return Error.Conflict("conflict", "The change conflicts with existing data; retry.");
        }
        catch
        {
            await session.RollbackAsync();
            throw;
        }
        finally
        {
            bulk.Forget(session.Db);
        }

        return Result.Success;
    }

    public Task DiscardAsync()
    {
        if (session.IsOpen)
        {
            bulk.Forget(session.Db);
        }

        return session.RollbackAsync();
    }
}
