using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ApiKeys.Infrastructure.Persistence;

/// <summary>
/// A <see cref="SaveChangesInterceptor"/> that looks at what is about to be saved and acts once it is committed:
/// <see cref="Saving"/> runs before the rows are written (and may add rows to the same save), <see cref="Committed"/>
/// only after the save succeeded; a failed or cancelled save forgets what <see cref="Saving"/> noted.
/// </summary>
public abstract class CommitInterceptor<TNoted> : SaveChangesInterceptor
    where TNoted : class
{
    // Interceptors are singletons shared by the pooled contexts; one context saves one thing at a time.
    private readonly ConditionalWeakTable<DbContext, TNoted> _noted = [];

    /// <summary>What this save changes that <see cref="Committed"/> must act on, or <see langword="null"/> for nothing.</summary>
    protected abstract TNoted? Saving(DbContext context);

    protected abstract void Committed(TNoted noted);

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Note(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Note(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Act(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Act(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Forget(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    public override void SaveChangesCanceled(DbContextEventData eventData) => Forget(eventData.Context);

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    private void Note(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        if (Saving(context) is { } noted)
        {
            _noted.AddOrUpdate(context, noted);
        }
        else
        {
            _noted.Remove(context);
        }
    }

    private void Act(DbContext? context)
    {
        if (context is not null && _noted.TryGetValue(context, out var noted))
        {
            _noted.Remove(context);
            Committed(noted);
        }
    }

    private void Forget(DbContext? context)
    {
        if (context is not null)
        {
            _noted.Remove(context);
        }
    }
}
