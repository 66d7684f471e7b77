using System.Text.Json.Nodes;

namespace ApiKeys.AspNetCore;

/// <summary>What ApiKeys answered about a token (on an app, or organization-wide), or that it could not be asked.</summary>
internal sealed record KeyVerification(
    bool Valid,
    string Code,
    string? KeyId,
    string? OrganizationId,
    string? ProjectId,
    IReadOnlyList<string> Permissions,
    DateTimeOffset? ExpiresAt,
    JsonObject? Meta)
{
    public const string UnavailableCode = "UNAVAILABLE";

    public static KeyVerification Unavailable { get; } = new(false, UnavailableCode, null, null, null, [], null, null);

    public bool IsUnavailable => Code == UnavailableCode;

    /// <summary>An expired key fails at its instant, even from the cache.</summary>
    public bool StillValidAt(DateTimeOffset now) => Valid && (ExpiresAt is not { } expires || expires > now);
}
