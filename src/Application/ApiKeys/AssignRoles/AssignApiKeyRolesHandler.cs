using ApiKeys.Application.ApiKeys.Common;
using ApiKeys.Application.Audit;
using ApiKeys.Application.Common.Concurrency;
using ApiKeys.Application.Common.Security;
using ApiKeys.Application.Events;
using ApiKeys.Application.Organizations.Common;
using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Webhooks;
using Mediator;

namespace ApiKeys.Application.ApiKeys.AssignRoles;

internal sealed class AssignApiKeyRolesHandler(
    KeyLookup keys,
    RoleGrants grants,
    DependencyLocks dependencies,
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
        var found = (await keys.FindAsync(command.OrganizationId, command.KeyId, cancellationToken)).Ensure(k => k.Grant is RbacGrant, ApiKeyErrors.LegacyKeyRoles);
        if (!found.IsSuccess)
        {
            return found.Error!;
        }

        // The caller must cover the key as it is (taking power away from a stronger key is acting on it) and the roles it gets.
        var key = found.Value;
        if (guard.EnsureCovers(key, AuditActions.ApiKeyRolesAssigned) is { } refused)
        {
            return refused;
        }

        var roles = await grants.CheckAsync(command.OrganizationId, command.OrgRole, command.AppRoles, key.Limits, AuditActions.ApiKeyRolesAssigned, cancellationToken, keyId: key.Id.ToString());
        if (!roles.IsSuccess)
        {
            return roles.Error!;
        }

        // The apps bound must still be there under a shared lock (404 when one was deleted meanwhile).
        if (await dependencies.HoldAppsAsync(command.OrganizationId, roles.Value.AppRoles.Select(b => b.AppId), cancellationToken) is { } appGone)
        {
            return appGone;
        }

        var now = time.Now();
        var stopsBeingOwner = key.IsOwner(now) && roles.Value.OrgRole != Roles.OrgOwner;
        if (await ownership.EnsureOwnerRemainsAsync(command.OrganizationId, stopsBeingOwner ? 1 : 0, cancellationToken) is { } lastOwner)
        {
            return lastOwner;
        }

        var assigned = key.AssignRoles(roles.Value.OrgRole, roles.Value.AppRoles, now);
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
