using ApiKeys.Application.ApiKeys.Common;
using ApiKeys.Application.Common.Security;
using ApiKeys.Application.Common.Validation;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;
using Mediator;

namespace ApiKeys.Application.ApiKeys.Create;

/// <summary>Creates an RBAC key, or a Capgo mode key when <see cref="Mode"/> is given.</summary>
public sealed record CreateApiKeyCommand(
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
    string? Mode,
    IReadOnlyList<string>? LimitedToApps,
    IReadOnlyList<string>? LimitedToOrgs)
    : ICommand<Result<IssuedApiKeyResponse>>, IRequirePermission
{
    public string RequiredPermission => Permission.ApiKeyManage;

    public bool IsLegacy => Mode is not null;
}
