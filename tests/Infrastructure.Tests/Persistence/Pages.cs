using ApiKeys.Application.Common.Paging;

namespace ApiKeys.Infrastructure.Tests.Persistence;

internal static class Pages
{
    /// <summary>Follows the cursors from the first page to the last (bounded, so a cursor that loops fails the test).</summary>
    public static async Task<List<Page<T>>> WalkAsync<T>(Func<PageRequest, Task<Page<T>>> list, int limit)
    {
        var pages = new List<Page<T>>();
        string? cursor = null;
        do
        {
            var page = await list(new PageRequest(cursor, limit));
            pages.Add(page);
            cursor = page.NextCursor;
        }
        while (cursor is not null && pages.Count < 50);

        return pages;
    }
}
