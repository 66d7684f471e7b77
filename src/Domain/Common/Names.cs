using System.Globalization;

namespace ApiKeys.Domain.Common;

/// <summary>
/// The contract's rule for every human-given name (§7): 1 to 100 characters once trimmed, no control characters, no
/// bidirectional or invisible formatting characters, no line or paragraph separators, and at least one visible
/// character. A name is shown to other people (console, audit trail): it must read as what it is.
/// </summary>
public static class Names
{
    public const int MaxLength = 100;

    public const string Rule = "must be 1 to 100 characters with at least one visible character, and no control, "
        + "invisible, bidirectional formatting or line separator characters.";

    public static bool IsValid(string? name)
    {
        if (name is null)
        {
            return false;
        }

        var trimmed = name.Trim();
        return trimmed.Length is > 0 and <= MaxLength && !HasForbiddenCharacter(trimmed) && trimmed.Any(IsVisible);
    }

    /// <summary>
    /// A character no displayed text may hold: controls; zero-width and bidirectional marks, embeddings, overrides and
    /// isolates (U+200B–U+200F, U+202A–U+202E, U+2060–U+2069, U+061C, U+FEFF); line and paragraph separators.
    /// </summary>
    public static bool HasForbiddenCharacter(string text) => text.Any(IsForbidden);

    public static string Normalize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var trimmed = name.Trim();
        if (!IsValid(trimmed))
        {
            throw new ArgumentException("A name " + Rule, nameof(name));
        }

        return trimmed;
    }

    private static bool IsForbidden(char c) =>
        char.IsControl(c)
        || c is >= '\u200B' and <= '\u200F' or >= '\u202A' and <= '\u202E' or >= '\u2060' and <= '\u2069' or '\u061C' or '\uFEFF'
        || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;

    /// <summary>Something that draws ink on its own: not a space, a format character, a lone combining mark or a blank filler.</summary>
    private static bool IsVisible(char c) =>
        !char.IsWhiteSpace(c)
        && CharUnicodeInfo.GetUnicodeCategory(c) is not (UnicodeCategory.Format or UnicodeCategory.Control
            or UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.SpacingCombiningMark)
        && c is not ('\u115F' or '\u1160' or '\u3164' or '\uFFA0' or '\u2800');
}
