using System.Runtime.CompilerServices;
using ApiKeys.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace ApiKeys.Infrastructure.ChangeFeed;

/// <summary>
/// Keys a context changed by set-based statements (deleting an app), whose change-feed rows were written by SQL
/// too: the save interceptors cannot see them among tracked entries, so they read them here (eviction, the feed's
/// wake-up). They are written through <see cref="WriteAsync"/>; the unit of work forgets them once the save is over,
/// whatever its outcome.
/// </summary>
public sealed class BulkKeyChanges
{
    // Contexts are pooled and reused; one context saves one request at a time.
    private readonly ConditionalWeakTable<DbContext, List<ApiKeyId>> _changed = [];

    /// <summary>
    /// The change-feed rows of keys a set-based statement changed, written in the context's transaction, and the keys
    /// noted for this save's interceptors: one step, so neither goes without the other.
    /// </summary>
    public async Task WriteAsync(DbContext context, IReadOnlyList<ApiKeyId> keys, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await KeyChangeRows.InsertAsync(context, keys, now, cancellationToken);
        _changed.GetOrCreateValue(context).AddRange(keys);
    }

    public IReadOnlyList<ApiKeyId> Of(DbContext context) => _changed.TryGetValue(context, out var keys) ? keys : [];

    public void Forget(DbContext context) => _changed.Remove(context);
}
