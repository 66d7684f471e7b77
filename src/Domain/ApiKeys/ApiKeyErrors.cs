using ApiKeys.Domain.Common;

namespace ApiKeys.Domain.ApiKeys;

public static class ApiKeyErrors
{
    public static Error NotFound { get; } = Error.NotFound("api_key_not_found", "API key not found.");

    public static Error Revoked { get; } = Error.Conflict("api_key_revoked", "The API key is revoked.");

    public static Error LegacyKeyRoles { get; } = Error.Conflict("legacy_key_roles", "A legacy (mode) key cannot be given roles.");

    public static Error ConcurrentUpdate { get; } = Error.Conflict("concurrent_update", "The API key was changed by another request; reload it and retry.");

    public static Error ExpiresInPast { get; } = Error.Validation("expires_at", "expires_at must be in the future.");

    public static Error ExpiresTooFar { get; } = Error.Validation("expires_at", "expires_at must be before 9000-01-01T00:00:00Z.");

    public static Error ForeignOrganization { get; } = Error.Validation("limited_to_orgs", "limited_to_orgs may only name the key's own organization.");

    public static Error ProjectRolesOutsideProject { get; } = Error.Validation("app_roles", "A project key may hold app roles only on its project.");
}
