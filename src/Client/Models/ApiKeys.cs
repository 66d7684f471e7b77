using System.Text.Json.Nodes;

namespace ApiKeys.Client.Models;

/// <summary>The contract's <c>api_key</c> object (docs/api.md §4). Never carries a secure key's secret.</summary>
public sealed record ApiKey(
    string Id,
    string Name,
    string OrganizationId,
    string? ProjectId,
    string Kind,
    string? Mode,
    string OrgRole,
    IReadOnlyList<AppRole> AppRoles,
    IReadOnlyList<string> Scopes,
    IReadOnlyList<string> LimitedToApps,
    IReadOnlyList<string> LimitedToOrgs,
    bool Secure,
    string KeyPrefix,
    string? Key,
    bool IsActive,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? CreatedByUserId,
    string? CreatedByKeyId,
    string? DeviceName,
    string? Source,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? LastUsedAt,
    DateTimeOffset? RevokedAt,
    bool Enabled = true,
    IReadOnlyList<RateLimit>? RateLimits = null,
    Credits? Credits = null,
    IReadOnlyList<string>? AllowedCidrs = null,
    JsonObject? Meta = null,
    DateTimeOffset? PreviousSecretExpiresAt = null)
{
    public override string ToString() => $"ApiKey {{ Id = {Id}, KeyPrefix = {KeyPrefix} }}";
}

/// <summary>A key with its plaintext, answered once by create and regenerate.</summary>
public sealed record IssuedApiKey(ApiKey ApiKey, string PlaintextApiKey)
{
    public override string ToString() => $"IssuedApiKey {{ Id = {ApiKey.Id} }}";
}

public sealed record CreateApiKeyRequest
{
    public required string Name { get; init; }

    public bool? Secure { get; init; }

    public string? OrgRole { get; init; }

    public IReadOnlyList<AppRole>? AppRoles { get; init; }

    public IReadOnlyList<string>? Scopes { get; init; }

    public string? ProjectId { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    public string? DeviceName { get; init; }

    public string? Source { get; init; }

    /// <summary>A legacy key's mode (<c>read</c>, <c>upload</c>, <c>write</c>, <c>all</c>); roles are not sent with it.</summary>
    public string? Mode { get; init; }

    public IReadOnlyList<string>? LimitedToApps { get; init; }

    public IReadOnlyList<string>? LimitedToOrgs { get; init; }

    /// <summary>docs/api.md §9: <see langword="false"/> makes a key that is refused until enabled.</summary>
    public bool? Enabled { get; init; }

    public IReadOnlyList<RateLimit>? RateLimits { get; init; }

    /// <summary>docs/api.md §9: <see langword="null"/> is unlimited.</summary>
    public Credits? Credits { get; init; }

    public IReadOnlyList<string>? AllowedCidrs { get; init; }

    public JsonObject? Meta { get; init; }
}

/// <summary>
/// PATCH of a key: only the fields set are sent; <see cref="RemoveExpiry"/> sends <c>expires_at: null</c>,
/// <see cref="RemoveCredits"/> <c>credits: null</c> (unlimited), <see cref="RemoveMeta"/> <c>meta: null</c>.
/// </summary>
public sealed record UpdateApiKeyRequest
{
    public string? Name { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    public bool RemoveExpiry { get; init; }

    public bool? Enabled { get; init; }

    /// <summary>Replaces the key's rate limits; an empty list removes them.</summary>
    public IReadOnlyList<RateLimit>? RateLimits { get; init; }

    public Credits? Credits { get; init; }

    public bool RemoveCredits { get; init; }

    /// <summary>Replaces the key's networks; an empty list allows every address.</summary>
    public IReadOnlyList<string>? AllowedCidrs { get; init; }

    public JsonObject? Meta { get; init; }

    public bool RemoveMeta { get; init; }
}

/// <summary>docs/api.md §9: at most <see cref="Limit"/> units per window of <see cref="WindowSeconds"/>.</summary>
public sealed record RateLimit(string Name, long Limit, int WindowSeconds);

/// <summary>docs/api.md §9: credits left, and the refill that sets them at each UTC day or month boundary.</summary>
public sealed record Credits(long Remaining, CreditRefill? Refill = null);

/// <param name="Amount">What <c>remaining</c> is set to at each boundary.</param>
/// <param name="Interval"><c>daily</c> or <c>monthly</c>.</param>
public sealed record CreditRefill(long Amount, string Interval);

/// <summary>
/// docs/api.md §4: a page of keys and the list filters, combined with AND. <see cref="Sort"/> is <c>created_at</c>
/// (default, newest first), <c>name</c> or <c>last_used_at</c>; <see cref="State"/> is <c>active</c>, <c>disabled</c>,
/// <c>expired</c> or <c>revoked</c>; <see cref="Meta"/> matches top-level string fields of <c>meta</c>.
/// </summary>
public sealed record ApiKeyListQuery(string? Cursor = null, int? Limit = null, string? Kind = null, bool? IncludeRevoked = null)
{
    public string? Search { get; init; }

    public string? AppId { get; init; }

    public string? OrgRole { get; init; }

    /// <summary>A user id or a key id.</summary>
    public string? CreatedBy { get; init; }

    public string? State { get; init; }

    public DateTimeOffset? ExpiresBefore { get; init; }

    public string? Sort { get; init; }

    public IReadOnlyDictionary<string, string>? Meta { get; init; }
}

/// <summary>docs/api.md §4: what a bulk revoke did (or, as a dry run, would do).</summary>
public sealed record BulkRevokeResult(int Revoked, int Skipped, IReadOnlyList<string> KeyIds);

/// <param name="Key">The token to verify (<c>capy_live_…</c>).</param>
/// <param name="AppId">The app the key should act on, or <see langword="null"/> for organization-wide permissions.</param>
/// <param name="Permissions">The permissions the key should hold (all of them).</param>
/// <param name="ClientIp">The address the key was presented from, checked against its <c>allowed_cidrs</c>.</param>
/// <param name="Cost">What the verification takes from each rate limit and from the credits (default 1; 0 checks without taking).</param>
public sealed record VerifyRequest(string Key, string? AppId = null, IReadOnlyList<string>? Permissions = null, string? ClientIp = null, long? Cost = null)
{
    public override string ToString() => $"VerifyRequest {{ AppId = {AppId} }}";
}

/// <summary>The verify answer (docs/api.md §5): <see cref="Code"/> is <c>VALID</c>, <c>NOT_FOUND</c>, <c>REVOKED</c>, <c>EXPIRED</c>, <c>DISABLED</c>, <c>FORBIDDEN</c>, <c>RATE_LIMITED</c>, <c>USAGE_EXCEEDED</c> or <c>IP_NOT_ALLOWED</c>.</summary>
public sealed record VerifyResult(
    bool Valid,
    string Code,
    string? KeyId,
    string? OrganizationId,
    string? ProjectId,
    IReadOnlyList<string> Permissions,
    DateTimeOffset? ExpiresAt,
    JsonObject? Meta = null,
    long? CreditsRemaining = null,
    VerifyRateLimit? RateLimit = null);

public sealed record VerifyRateLimit(string Name, long Limit, long Remaining, DateTimeOffset ResetAt);

public sealed record KeyChange(string KeyId, string KeyPrefix, string Change, DateTimeOffset At);

public sealed record KeyChanges(IReadOnlyList<KeyChange> Changes, string Cursor);

/// <summary>Capgo's legacy key row (docs/api.md §6).</summary>
public sealed record LegacyApiKey(string Id, string? Key, string? Mode, string Name, DateTimeOffset CreatedAt, string? UserId, IReadOnlyList<string> LimitedToApps, IReadOnlyList<string> LimitedToOrgs)
{
    public override string ToString() => $"LegacyApiKey {{ Id = {Id} }}";
}

public sealed record LegacyCreateRequest(string Name, string Mode, IReadOnlyList<string>? LimitedToApps = null, IReadOnlyList<string>? LimitedToOrgs = null);

/// <summary>One key to import: its token as <see cref="Sha256"/> (the 32 bytes of its SHA-256) or <see cref="Plaintext"/>.</summary>
public sealed record ImportKey(
    string Name,
    byte[]? Sha256 = null,
    string? Plaintext = null,
    string? OrgRole = null,
    IReadOnlyList<string>? Scopes = null,
    DateTimeOffset? ExpiresAt = null,
    JsonObject? Meta = null,
    IReadOnlyList<AppRole>? AppRoles = null,
    IReadOnlyList<RateLimit>? RateLimits = null,
    Credits? Credits = null,
    IReadOnlyList<string>? AllowedCidrs = null)
{
    // The plaintext is a secret: never part of a log line.
    public override string ToString() => $"ImportKey {{ Name = {Name} }}";
}

public sealed record ImportResult(IReadOnlyList<ImportedKey> Imported, IReadOnlyList<ImportFailure> Failed);

/// <summary>An imported key, by its <c>Index</c> into the keys sent.</summary>
public sealed record ImportedKey(int Index, ApiKey ApiKey);

/// <summary>An entry that failed alone, by its <c>Index</c> into the keys sent, with the error's message and code.</summary>
public sealed record ImportFailure(int Index, string Error, string Code);
