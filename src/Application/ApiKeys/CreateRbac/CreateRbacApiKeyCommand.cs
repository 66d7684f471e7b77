using ApiKeys.Application.ApiKeys.Common;
using ApiKeys.Application.Common.Security;
using ApiKeys.Application.Common.Validation;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;
using Mediator;

namespace ApiKeys.Application.ApiKeys.CreateRbac;

/// <summary>Creates an RBAC key: an org role, app roles, narrowing scopes, an optional project.</summary>
/// <param name="LegacyFields">Fields of a legacy (mode) key the request also carried (<c>limited_to_apps</c>): each is refused, never ignored.</param>
public sealed record CreateRbacApiKeyCommand(
    OrganizationId OrganizationId,
    string? Name,
    bool? Secure,
    string? OrgRole,
    IReadOnlyList<AppRoleInput>? AppRoles,
    IReadOnlyList<string>? Scopes,
    string? ProjectId,
    DateTimeOffset? ExpiresAt,
    string? DeviceName,
    string? Source,
    IReadOnlyList<string>? LegacyFields = null,
    UsageInput? Usage = null)
    : ICommand<Result<IssuedApiKeyResponse>>, IRequirePermission
{
    public string RequiredPermission => Permission.ApiKeyManage;
}
