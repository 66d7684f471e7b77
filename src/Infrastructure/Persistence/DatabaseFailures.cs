using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace ApiKeys.Infrastructure.Persistence;

/// <summary>Tells a database that cannot be reached (answered 503, or with a stale answer) or a duplicate row from a bug.</summary>
public static class DatabaseFailures
{
    // EF Core wraps a provider's transient failure in an InvalidOperationException.
    public static bool IsUnavailable(Exception exception) =>
        exception is DbException or TimeoutException or InvalidOperationException { InnerException: DbException or TimeoutException };

    // A unique index or primary key refused the row: SQLite's extended codes 2067/1555 (plain 19 would also catch
    // foreign key and NOT NULL failures, which are bugs), PostgreSQL 23505, SQL Server 2601/2627.
    public static bool IsUniqueViolation(DbUpdateException exception) => exception.InnerException switch
    {
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteExtendedErrorCode is 2067 or 1555,
        Npgsql.PostgresException postgres => postgres.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation,
        Microsoft.Data.SqlClient.SqlException sqlServer => sqlServer.Number is 2601 or 2627,
        _ => false,
    };

    // Two transactions each waited for a row the other held, and the database chose this one to give way: PostgreSQL
    // 40P01 (or 40001), SQL Server 1205. A lost race like a stale version, not a failure; SQLite has one writer and no cycles.
    // EF Core wraps it in a DbUpdateException, and its execution strategy that in an InvalidOperationException.
    public static bool IsDeadlock(Exception exception) => exception switch
    {
        Npgsql.PostgresException postgres => postgres.SqlState is Npgsql.PostgresErrorCodes.DeadlockDetected or Npgsql.PostgresErrorCodes.SerializationFailure,
        Microsoft.Data.SqlClient.SqlException sqlServer => sqlServer.Number == 1205,
        { InnerException: { } inner } => IsDeadlock(inner),
        _ => false,
    };
}
