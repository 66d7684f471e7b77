using ApiKeys.Application.Abstractions;
using ApiKeys.Application.ApiKeys.Common;
using ApiKeys.Application.Audit;
using ApiKeys.Application.Common;
using ApiKeys.Application.Common.Security;
using ApiKeys.Application.Common.Validation;
using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.Common;
using Mediator;

namespace ApiKeys.Application.ApiKeys.AssignRoles;

internal sealed class AssignApiKeyRolesHandler(
    IApiKeyRepository keys,
    RoleInputs roleInputs,
    ApiKeyPresenter presenter,
    AuthorizedCaller caller,
    AuditTrail audit,
    TimeProvider time)
    : ICommandHandler<AssignApiKeyRolesCommand, Result<ApiKeyEnvelope>>
{
    public async ValueTask<Result<ApiKeyEnvelope>> Handle(AssignApiKeyRolesCommand command, CancellationToken cancellationToken)
    {
        var key = await keys.FindAsync(command.OrganizationId, command.KeyId, cancellationToken);
        if (key is null)
        {
            return ApiKeyErrors.NotFound;
        }

        if (key.Kind == ApiKeyKind.Legacy)
        {
            return ApiKeyErrors.LegacyKeyRoles;
        }

        var orgRole = RoleInputs.OrgRole(command.OrgRole);
        var appRoles = RoleInputs.AppRoles(command.AppRoles);
        var refusal = KeyGuard.EnsureCallerCovers(caller, key) ?? (caller.Access.CanGrant(orgRole, appRoles) ? null : ApplicationErrors.Escalation);
        if (refusal is not null)
        {
            return audit.Denied(command.OrganizationId, AuditActions.ApiKeyRolesAssigned, refusal, key.Id.ToString());
        }

        if (await roleInputs.FindUnknownAppAsync(command.OrganizationId, "app_roles", appRoles.Select(b => b.AppId), cancellationToken) is { } unknown)
        {
            return unknown;
        }

        var assigned = key.AssignRoles(orgRole, appRoles, time.Now());
        if (!assigned.IsSuccess)
        {
            return assigned.Error!;
        }

        if (assigned.Value)
        {
            audit.Record(command.OrganizationId, AuditActions.ApiKeyRolesAssigned, key.Id.ToString());
        }

        return new ApiKeyEnvelope(presenter.Present(key));
    }
}
