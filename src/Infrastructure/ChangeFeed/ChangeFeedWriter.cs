using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.Common;
using ApiKeys.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace ApiKeys.Infrastructure.ChangeFeed;

/// <summary>
/// Writes the change feed at save: every modified key gets a <see cref="KeyChange"/> row in the same
/// <c>SaveChanges</c>, hence the same transaction, so every node's <see cref="ChangeFeedPoller"/> evicts it. Once
/// the save committed, long polls of <c>key-changes</c> on this node wake at once.
/// </summary>
public sealed class ChangeFeedWriter(KeyChangeSignal signal, BulkKeyChanges bulk, TimeProvider time) : CommitInterceptor<ChangeFeedWriter.Written>
{
    protected override Written? Saving(DbContext context)
    {
        var changedKeys = context.ChangeTracker.Entries<ApiKey>()
            .Where(e => e.State == EntityState.Modified)
            .Select(e => e.Entity.Id)
            .ToList();
        if (changedKeys.Count == 0)
        {
            // Keys changed in bulk (deleting an app) come with their feed rows already written.
            return bulk.Of(context).Count > 0 ? Written.Rows : null;
        }

        var now = time.Now();
        context.Set<KeyChange>().AddRange(changedKeys.Select(id => KeyChange.For(id, now)));
        return Written.Rows;
    }

    protected override void Committed(Written noted) => signal.Pulse();

    /// <summary>This save wrote feed rows.</summary>
    public sealed class Written
    {
        public static readonly Written Rows = new();

        private Written()
        {
        }
    }
}
