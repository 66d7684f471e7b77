using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace ApiKeys.Application.Common.Paging;

/// <summary>
/// The opaque keyset cursor: the (created_at, id) of the last row of a page, base64url-encoded so clients
/// cannot come to depend on its shape.
/// </summary>
public readonly record struct Cursor(DateTimeOffset CreatedAt, string Id)
{
    public string Encode() => Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{CreatedAt.ToUnixTimeMilliseconds()}|{Id}"));

    public static bool TryDecode([NotNullWhen(true)] string? text, out Cursor cursor)
    {
        cursor = default;
        if (string.IsNullOrEmpty(text) || text.Length > 512)
        {
            return false;
        }

        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text)).Split('|', 2);
            if (parts.Length != 2 || !long.TryParse(parts[0], out var millis) || parts[1].Length == 0)
            {
                return false;
            }

            cursor = new(DateTimeOffset.FromUnixTimeMilliseconds(millis), parts[1]);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }
}
