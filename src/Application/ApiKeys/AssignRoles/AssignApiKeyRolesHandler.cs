using ApiKeys.Application.Abstractions;
using ApiKeys.Application.ApiKeys.Common;
using ApiKeys.Application.Audit;
using ApiKeys.Application.Common.Security;
using ApiKeys.Application.Common.Validation;
using ApiKeys.Application.Events;
using ApiKeys.Application.Organizations.Common;
using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Webhooks;
using Mediator;

namespace ApiKeys.Application.ApiKeys.AssignRoles;

internal sealed class AssignApiKeyRolesHandler(
    IApiKeyRepository keys,
    RoleInputs roleInputs,
    ApiKeyPresenter presenter,
    TargetGuard guard,
    OwnershipGuard ownership,
    EventOutbox events,
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

        // The caller must cover the key as it is (taking power away from a stronger key is acting on it) and the roles it gets.
        var orgRole = RoleInputs.OrgRole(command.OrgRole);
        var appRoles = RoleInputs.AppRoles(command.AppRoles);
        var refused = guard.EnsureCovers(key, AuditActions.ApiKeyRolesAssigned)
            ?? guard.EnsureCanGrant(command.OrganizationId, orgRole, appRoles, AuditActions.ApiKeyRolesAssigned, keyId: key.Id.ToString());
        if (refused is not null)
        {
            return refused;
        }

        if (await roleInputs.FindUnknownAppAsync(command.OrganizationId, "app_roles", appRoles.Select(b => b.AppId), cancellationToken) is { } unknown)
        {
            return unknown;
        }

        var now = time.Now();
        var stopsBeingOwner = key.IsOwner(now) && orgRole != Roles.OrgOwner;
        if (await ownership.EnsureOwnerRemainsAsync(command.OrganizationId, stopsBeingOwner ? 1 : 0, cancellationToken) is { } lastOwner)
        {
            return lastOwner;
        }

        var assigned = key.AssignRoles(orgRole, appRoles, now);
        if (!assigned.IsSuccess)
        {
            return assigned.Error!;
        }

        if (assigned.Value)
        {
            audit.Record(command.OrganizationId, AuditActions.ApiKeyRolesAssigned, key.Id.ToString());
            await events.KeyEventAsync(WebhookEvents.ApiKeyUpdated, key, cancellationToken);
        }

        return new ApiKeyEnvelope(presenter.Present(key));
    }
}
