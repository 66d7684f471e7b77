using ApiKeys.Application.ApiKeys.Common;

namespace ApiKeys.Application.Me.Common;

/// <summary>
/// <c>GET /v1/me</c>: who calls (<c>user</c> or <c>api_key</c>) and, in <see cref="OrganizationId"/>, its roles and
/// effective permissions; no organization means <c>none</c> and no permissions.
/// </summary>
public sealed record MeResponse(
    string PrincipalType,
    string Id,
    string? OrganizationId,
    string OrgRole,
    IReadOnlyList<AppRoleResponse> AppRoles,
    IReadOnlyList<string> Permissions);
