using ApiKeys.Application.ApiKeys.Common;
using ApiKeys.Application.Common.Security;
using ApiKeys.Application.Common.Validation;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;
using FluentValidation;
using Mediator;

namespace ApiKeys.Application.ApiKeys.AssignRoles;

public sealed record AssignApiKeyRolesCommand(OrganizationId OrganizationId, ApiKeyId KeyId, string? OrgRole, IReadOnlyList<AppRoleInput>? AppRoles)
    : ICommand<Result<ApiKeyEnvelope>>, IRequirePermission
{
    public string RequiredPermission => Permission.ApiKeyManage;
}

internal sealed class AssignApiKeyRolesValidator : AbstractValidator<AssignApiKeyRolesCommand>
{
    public AssignApiKeyRolesValidator()
    {
        RuleFor(c => c.OrgRole).NotNull().WithMessage("org_role is required (none, member, admin or owner).").ValidOrgRole();
        RuleFor(c => c.AppRoles).ValidAppRoles();
    }
}
