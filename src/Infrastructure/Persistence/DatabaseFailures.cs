using System.Data.Common;

namespace ApiKeys.Infrastructure.Persistence;

/// <summary>Tells a database that cannot be reached (answered 503, or with a stale answer) from a bug.</summary>
public static class DatabaseFailures
{
    // EF Core wraps a provider's transient failure in an InvalidOperationException.
    public static bool IsUnavailable(Exception exception) =>
        exception is DbException or TimeoutException or InvalidOperationException { InnerException: DbException or TimeoutException };
}
