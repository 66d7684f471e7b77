using Microsoft.AspNetCore.Authorization;

namespace ApiKeys.AspNetCore;

/// <summary>
/// The caller's key holds <see cref="Permission"/>: organization-wide (from its claims), or on the app named by the
/// route value <see cref="AppIdRouteValue"/> (asked of ApiKeys with that <c>app_id</c>, cached like any answer).
/// </summary>
public sealed class ApiKeyPermissionRequirement(string permission, string? appIdRouteValue) : IAuthorizationRequirement
{
    public string Permission { get; } = permission;

    public string? AppIdRouteValue { get; } = appIdRouteValue;
}

public static class ApiKeysAuthorizationExtensions
{
    /// <summary>Requires a key of ApiKeys holding <paramref name="permission"/>, on the app in route value <paramref name="appIdFromRoute"/> when given.</summary>
    public static AuthorizationPolicyBuilder RequireApiKeyPermission(this AuthorizationPolicyBuilder policy, string permission, string? appIdFromRoute = null) =>
        policy.RequireAuthenticatedUser().AddRequirements(new ApiKeyPermissionRequirement(permission, appIdFromRoute));
}
