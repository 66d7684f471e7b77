using System.Globalization;

namespace ApiKeys.Domain.Common;

/// <summary>
/// The instants the service takes from a client (docs/api.md §7: dates far in the future or past are a 400, never a
/// 500). Inside these bounds every sum the service makes (a usage window's buckets, a refill, a grace period, a
/// cache lifetime) stays far from <see cref="DateTimeOffset.MaxValue"/> and <see cref="DateTimeOffset.MinValue"/>.
/// </summary>
public static class Instants
{
    public static readonly DateTimeOffset Earliest = new(1970, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly DateTimeOffset Latest = new(9000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static bool IsAccepted(DateTimeOffset instant) => instant >= Earliest && instant < Latest;

    /// <summary>A client's ISO 8601 time (UTC unless it names an offset), or null when the text is not one.</summary>
    public static DateTimeOffset? Read(string text) =>
        text.Length <= 40 && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant)
            ? instant
            : null;
}
