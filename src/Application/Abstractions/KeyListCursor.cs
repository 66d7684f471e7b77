using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.Common;

namespace ApiKeys.Application.Abstractions;

/// <summary>
/// Where a page of keys ended, in the page's own order: the sort, the last key's sort value (UTC ticks of
/// created_at or last_used_at, or its name; none for a never-used key) and its id, so the next page starts strictly
/// after it and a key inserted meanwhile is neither skipped nor repeated. base64url, opaque to clients.
/// </summary>
public sealed record KeyListCursor(KeyListSort Sort, long? Ticks, string? Name, ApiKeyId Id)
{
    private const int MaxLength = 1024;

    public static KeyListCursor After(KeyListSort sort, ApiKey key) => sort switch
    {
        KeyListSort.Name => new(sort, null, key.Name, key.Id),
        KeyListSort.LastUsedAt => new(sort, key.LastUsedAt?.UtcTicks, null, key.Id),
        _ => new(sort, key.CreatedAt.UtcTicks, null, key.Id),
    };

    public string Encode()
    {
        var value = Sort == KeyListSort.Name ? Name : Ticks?.ToString(CultureInfo.InvariantCulture);
        return Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{(int)Sort}|{Id}|{value}"));
    }

    /// <summary>Reads a cursor this service issued for <paramref name="sort"/>; one of another sort is not valid.</summary>
    public static bool TryDecode([NotNullWhen(true)] string? text, KeyListSort sort, [NotNullWhen(true)] out KeyListCursor? cursor)
    {
        cursor = null;
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength)
        {
            return false;
        }

        string[] parts;
        try
        {
            parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text)).Split('|', 3);
        }
        catch (FormatException)
        {
            return false;
        }

        if (parts.Length != 3 || parts[0] != ((int)sort).ToString(CultureInfo.InvariantCulture) || !ApiKeyId.TryParse(parts[1], out var id))
        {
            return false;
        }

        if (sort == KeyListSort.Name)
        {
            cursor = new(sort, null, parts[2], id);
            return parts[2].Length > 0;
        }

        if (parts[2].Length == 0)
        {
            // Only last_used_at has keys without a value (never used).
            cursor = new(sort, null, null, id);
            return sort == KeyListSort.LastUsedAt;
        }

        if (!long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            return false;
        }

        cursor = new(sort, ticks, null, id);
        return true;
    }
}
