using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;

namespace ApiKeys.Application.Common.Security;

/// <summary>A request that any authenticated principal may send (<c>/v1/me</c>, creating an organization).</summary>
public interface IAuthenticatedRequest;

/// <summary>A request within one organization: the caller must belong to it, or it answers 404 (no existence leak).</summary>
public interface IOrganizationRequest : IAuthenticatedRequest
{
    OrganizationId OrganizationId { get; }
}

/// <summary>
/// A request that needs one permission in its organization, checked by the authorization behavior before the
/// handler runs. Typed, not an attribute read by reflection.
/// </summary>
public interface IRequirePermission : IOrganizationRequest
{
    string RequiredPermission { get; }

    /// <summary>The app an app-scope permission is needed on; <see langword="null"/> for org scope.</summary>
    string? RequiredAppId => null;

    bool IsAllowed(Access access) => access.Has(RequiredPermission, RequiredAppId);
}
