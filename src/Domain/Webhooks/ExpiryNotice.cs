using ApiKeys.Domain.Common;

namespace ApiKeys.Domain.Webhooks;

/// <summary>
/// That a key's <c>api_key.expiring</c> (7 days, 1 day) or <c>api_key.expired</c> event was raised for one expiry:
/// unique per key, threshold and expiry, so each is raised once, and again only if the expiry changes.
/// </summary>
public sealed class ExpiryNotice
{
    public const string SevenDays = "7d";
    public const string OneDay = "1d";
    public const string Expired = "expired";

    private ExpiryNotice() => Threshold = null!;

    public long Id { get; private set; }

    public ApiKeyId ApiKeyId { get; private set; }

    public string Threshold { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    public static ExpiryNotice For(ApiKeyId keyId, string threshold, DateTimeOffset expiresAt) =>
        new() { ApiKeyId = keyId, Threshold = threshold, ExpiresAt = expiresAt };

    /// <summary>The threshold a key expiring at <paramref name="expiresAt"/> has reached at <paramref name="now"/>, if any.</summary>
    public static string? ThresholdAt(DateTimeOffset expiresAt, DateTimeOffset now) =>
        expiresAt <= now ? Expired
        : expiresAt - now <= TimeSpan.FromDays(1) ? OneDay
        : expiresAt - now <= TimeSpan.FromDays(7) ? SevenDays
        : null;
}
