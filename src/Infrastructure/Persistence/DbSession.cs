using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ApiKeys.Infrastructure.Persistence;

/// <summary>
/// The request's <see cref="AppDbContext"/>, rented from the pool only when a repository first touches it, so a
/// request answered from memory (a warm key's <c>/v1/me</c>, verify) never pays for a context. A request that takes
/// row locks (<see cref="RowLocks"/>) runs in one explicit transaction from its first lock to its save.
/// </summary>
internal sealed class DbSession(IServiceProvider services)
{
    private AppDbContext? _db;

    public AppDbContext Db => _db ??= services.GetRequiredService<AppDbContext>();

    public bool IsOpen => _db is not null;

    /// <summary>Opens the request's transaction if it has none yet.</summary>
    public async Task<AppDbContext> BeginAsync(CancellationToken cancellationToken)
    {
        if (Db.Database.CurrentTransaction is null)
        {
            await Db.Database.BeginTransactionAsync(cancellationToken);
        }

        return Db;
    }

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        if (_db?.Database.CurrentTransaction is { } transaction)
        {
            await transaction.CommitAsync(cancellationToken);
            await transaction.DisposeAsync();
        }
    }

    public async Task RollbackAsync()
    {
        if (_db?.Database.CurrentTransaction is { } transaction)
        {
            await transaction.DisposeAsync();
        }
    }
}
