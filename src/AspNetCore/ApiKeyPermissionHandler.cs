using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ApiKeys.AspNetCore;

/// <summary>Decides <see cref="ApiKeyPermissionRequirement"/>; an app that is not the key's organization's grants nothing (ApiKeys answers FORBIDDEN).</summary>
internal sealed class ApiKeyPermissionHandler(KeyVerificationCaches caches, TimeProvider time) : AuthorizationHandler<ApiKeyPermissionRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, ApiKeyPermissionRequirement requirement)
    {
        var identity = context.User.Identities.FirstOrDefault(i => i.IsAuthenticated && i.HasClaim(c => c.Type == ApiKeysClaimTypes.KeyId));
        if (identity is null)
        {
            return;
        }

        if (requirement.AppIdRouteValue is null)
        {
            if (identity.HasClaim(ApiKeysClaimTypes.Permission, requirement.Permission))
            {
                context.Succeed(requirement);
            }

            return;
        }

        if (context.Resource is not HttpContext http
            || http.GetRouteValue(requirement.AppIdRouteValue)?.ToString() is not { Length: > 0 } appId
            || ApiKeysAuthenticationHandler.ReadToken(http.Request) is not { } token)
        {
            return;
        }

        var verification = await caches.For(identity.AuthenticationType!).VerifyAsync(token, appId, http.RequestAborted);
        if (verification.IsUnavailable)
        {
            // Forbid then answers 503: an outage is not the caller's missing permission.
            http.Features.Set(new ApiKeysUnavailableFeature());
            return;
        }

        if (verification.StillValidAt(time.GetUtcNow()) && verification.Permissions.Contains(requirement.Permission, StringComparer.Ordinal))
        {
            context.Succeed(requirement);
        }
    }
}
