using ApiKeys.Application.ApiKeys.Common;
using ApiKeys.Application.Common.Security;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;
using Mediator;

namespace ApiKeys.Application.ApiKeys.CreateLegacy;

/// <summary>Creates a Capgo mode key (<c>read</c> &lt; <c>upload</c> &lt; <c>write</c> &lt; <c>all</c>), plain unless asked otherwise.</summary>
/// <param name="RbacFields">Fields of an RBAC key the request also carried (<c>org_role</c>, <c>app_roles</c>, <c>scopes</c>, <c>project_id</c>): each is refused, never ignored.</param>
public sealed record CreateLegacyApiKeyCommand(
    OrganizationId OrganizationId,
    string? Name,
    string? Mode,
    IReadOnlyList<string>? LimitedToApps,
    IReadOnlyList<string>? LimitedToOrgs,
    bool? Secure = null,
    DateTimeOffset? ExpiresAt = null,
    IReadOnlyList<string>? RbacFields = null,
    UsageInput? Usage = null)
    : ICommand<Result<IssuedApiKeyResponse>>, IRequirePermission
{
    public string RequiredPermission => Permission.ApiKeyManage;
}
