using ApiKeys.Application.Abstractions;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;

namespace ApiKeys.Application.Common.Security;

/// <summary>
/// A request that any authenticated principal may send (<c>/v1/me</c>, creating an organization). Every request
/// declares its authorization with this interface or one derived from it; the pipeline refuses one that does not,
/// unless it is on the short explicit allow-list of <see cref="IUnauthenticatedRequest"/>.
/// </summary>
public interface IAuthenticatedRequest;

/// <summary>
/// Opts a request out of authentication, on purpose: requests no HTTP caller sends (the bootstrap verb, the expiry
/// scan) and leak reports, proved by the token they carry. An architecture test keeps this list short and explicit.
/// </summary>
public interface IUnauthenticatedRequest;

/// <summary>A request within one organization: the caller must belong to it, or it answers 404 (no existence leak).</summary>
public interface IOrganizationRequest : IAuthenticatedRequest
{
    OrganizationId OrganizationId { get; }
}

/// <summary>
/// A request that needs one permission in its organization, checked by the authorization behavior before the
/// handler runs. Typed, not an attribute read by reflection. Power over the request's target (docs/api.md §2) is
/// checked by the handler through <see cref="TargetGuard"/> once the target is loaded.
/// </summary>
public interface IRequirePermission : IOrganizationRequest
{
    string RequiredPermission { get; }

    /// <summary>The app an app-scope permission is needed on; <see langword="null"/> for org scope.</summary>
    string? RequiredAppId => null;

    bool IsAllowed(Access access, Principal principal) => access.Has(RequiredPermission, RequiredAppId);

    /// <summary>The permission a refused caller lacks, for the 403's message (a request needing two names the one missing).</summary>
    string MissingPermission(Access access) => RequiredPermission;
}
