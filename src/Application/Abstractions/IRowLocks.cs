using ApiKeys.Domain.Common;

namespace ApiKeys.Application.Abstractions;

/// <summary>
/// Row locks held until the request's transaction ends (design.md, "The life of a management request", step 6). A
/// change that removes or lowers a member, or deletes an app, takes the row exclusively before it reads anything that
/// depends on it; a change that depends on the row takes it shared, then reads it again. Shared holders do not wait
/// for each other (parallel key creations by one member go together); each waits for, and is waited for by, the
/// exclusive holder, so the remover sees every dependent that committed and a dependent that comes later sees the row
/// gone or changed. Locks are taken in one order, apps before members, so that no two requests wait on each other.
/// </summary>
public interface IRowLocks
{
    /// <summary>Exclusive lock on the member's row (which may not exist), before removing or changing it.</summary>
    Task LockMemberAsync(OrganizationId organizationId, string userId, CancellationToken cancellationToken);

    /// <summary>Shared lock on the member's row; a tracked copy is read again.</summary>
    /// <returns>Whether the member exists.</returns>
    Task<bool> ShareMemberAsync(OrganizationId organizationId, string userId, CancellationToken cancellationToken);

    /// <summary>Exclusive lock on the app's row, before deleting it.</summary>
    Task LockAppAsync(OrganizationId organizationId, string appId, CancellationToken cancellationToken);

    /// <summary>Shared lock on the app's row, before binding a role or a project key to it.</summary>
    /// <returns>Whether the app exists.</returns>
    Task<bool> ShareAppAsync(OrganizationId organizationId, string appId, CancellationToken cancellationToken);
}
