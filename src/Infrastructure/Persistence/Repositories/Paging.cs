using ApiKeys.Application.Common.Paging;
using Microsoft.EntityFrameworkCore;

namespace ApiKeys.Infrastructure.Persistence.Repositories;

internal static class Paging
{
    /// <summary>Reads one keyset page of an ordered query: one row more than asked tells whether another page follows.</summary>
    public static async Task<Page<T>> ToPageAsync<T>(this IQueryable<T> ordered, int limit, Func<T, Cursor> cursorOf, CancellationToken cancellationToken)
    {
        var rows = await ordered.Take(limit + 1).ToListAsync(cancellationToken);
        if (rows.Count <= limit)
        {
            return new Page<T>(rows, null);
        }

        rows.RemoveAt(limit);
        return new Page<T>(rows, cursorOf(rows[^1]).Encode());
    }
}
