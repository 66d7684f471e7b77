using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace ApiKeys.Application.KeyChanges.Common;

/// <summary>
/// The opaque <c>key-changes</c> cursor: a position in the change feed, base64url-encoded with a tag so clients do
/// not come to depend on its shape (and a list cursor is not mistaken for one).
/// </summary>
public static class FeedCursor
{
    private const string Tag = "kc1:";

    public static string Encode(long position) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Tag + position.ToString(CultureInfo.InvariantCulture)));

    public static bool TryDecode(string? text, out long position)
    {
        position = 0;
        if (string.IsNullOrEmpty(text) || text.Length > 64)
        {
            return false;
        }

        try
        {
            var plain = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text));
            return plain.StartsWith(Tag, StringComparison.Ordinal)
                && long.TryParse(plain.AsSpan(Tag.Length), NumberStyles.None, CultureInfo.InvariantCulture, out position);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
