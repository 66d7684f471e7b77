namespace ApiKeys.Application.Common.Paging;

/// <summary>A list request: an opaque cursor from the previous page and a page size.</summary>
public sealed record PageRequest(string? Cursor, int Limit)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;
}

public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);
