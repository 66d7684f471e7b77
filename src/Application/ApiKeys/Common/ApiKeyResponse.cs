namespace ApiKeys.Application.ApiKeys.Common;

/// <summary>The contract's <c>api_key</c> object (docs/api.md §4). <see cref="Key"/> is set for plain keys only.</summary>
public sealed record ApiKeyResponse
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string OrganizationId { get; init; }
    public string? ProjectId { get; init; }
    public required string Kind { get; init; }
    public string? Mode { get; init; }
    public required string OrgRole { get; init; }
    public required IReadOnlyList<AppRoleResponse> AppRoles { get; init; }
    public required IReadOnlyList<string> Scopes { get; init; }
    public required IReadOnlyList<string> LimitedToApps { get; init; }
    public required IReadOnlyList<string> LimitedToOrgs { get; init; }
    public required bool Secure { get; init; }
    public required string KeyPrefix { get; init; }
    public string? Key { get; init; }
    public bool IsActive { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public string? CreatedByUserId { get; init; }
    public string? CreatedByKeyId { get; init; }
    public string? DeviceName { get; init; }
    public string? Source { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
    public DateTimeOffset? LastUsedAt { get; init; }
    public DateTimeOffset? RevokedAt { get; init; }

    /// <summary>docs/api.md §9: a disabled key is refused on every request and by verify.</summary>
    public bool Enabled { get; init; } = true;
    public IReadOnlyList<RateLimitResponse> RateLimits { get; init; } = [];

    /// <summary>docs/api.md §9: <see langword="null"/> is unlimited; <c>remaining</c> is as of now (a due refill is shown applied).</summary>
    public CreditsResponse? Credits { get; init; }
    public IReadOnlyList<string> AllowedCidrs { get; init; } = [];
    public System.Text.Json.Nodes.JsonObject? Meta { get; init; }

    /// <summary>
    /// When the previous secret stops working, while a regeneration's grace period runs (else <see langword="null"/>):
    /// not in the contract's list, added so that a second regeneration's answer shows the one grace left (§10).
    /// </summary>
    public DateTimeOffset? PreviousSecretExpiresAt { get; init; }
}

public sealed record RateLimitResponse(string Name, long Limit, int WindowSeconds);

public sealed record CreditsResponse(long Remaining, CreditRefillResponse? Refill);

public sealed record CreditRefillResponse(long Amount, string Interval);

public sealed record AppRoleResponse(string AppId, string Role);

/// <summary>The answer of create and regenerate: the only responses that carry the plaintext.</summary>
public sealed record IssuedApiKeyResponse(ApiKeyResponse ApiKey, string PlaintextApiKey)
{
    // Records print their members; this one must never print the secret.
    public override string ToString() => $"IssuedApiKeyResponse {{ ApiKey = {ApiKey.Id} }}";
}

public sealed record ApiKeyListResponse(IReadOnlyList<ApiKeyResponse> ApiKeys, string? NextCursor);

/// <summary><c>{"api_key": {...}}</c>.</summary>
public sealed record ApiKeyEnvelope(ApiKeyResponse ApiKey);

public sealed record RevokedResponse(bool Revoked);
