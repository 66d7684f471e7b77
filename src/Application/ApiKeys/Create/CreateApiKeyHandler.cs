using ApiKeys.Application.Abstractions;
using ApiKeys.Application.ApiKeys.Common;
using ApiKeys.Application.Audit;
using ApiKeys.Application.Common;
using ApiKeys.Application.Common.Security;
using ApiKeys.Application.Common.Validation;
using ApiKeys.Application.Events;
using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Webhooks;
using Mediator;

namespace ApiKeys.Application.ApiKeys.Create;

internal sealed class CreateApiKeyHandler(
    IOrganizationRepository organizations,
    IApiKeyRepository keys,
    RoleInputs roleInputs,
    SecretIssuer issuer,
    ApiKeyPresenter presenter,
    AuthorizedCaller caller,
    TargetGuard guard,
    EventOutbox events,
    AuditTrail audit,
    TimeProvider time)
    : ICommandHandler<CreateApiKeyCommand, Result<IssuedApiKeyResponse>>
{
    public async ValueTask<Result<IssuedApiKeyResponse>> Handle(CreateApiKeyCommand command, CancellationToken cancellationToken)
    {
        var organization = await organizations.FindAsync(command.OrganizationId, cancellationToken);
        if (organization is null)
        {
            return ApplicationErrors.OrganizationNotFound;
        }

        var now = time.Now();
        var secure = command.Secure ?? !command.IsLegacy;
        var spec = await BuildAsync(command, secure, cancellationToken);
        if (!spec.IsSuccess)
        {
            return spec.Error!;
        }

        var (token, secret) = await issuer.IssueAsync(secure, cancellationToken);
        var created = spec.Value.Rbac is { } rbac
            ? ApiKey.CreateRbac(organization, rbac, secret, caller.Actor, now)
            : ApiKey.CreateLegacy(organization, spec.Value.Legacy!, secret, caller.Actor, now);
        if (!created.IsSuccess)
        {
            return created.Error!;
        }

        keys.Add(created.Value);
        audit.Record(command.OrganizationId, AuditActions.ApiKeyCreated, created.Value.Id.ToString());
        await events.KeyEventAsync(WebhookEvents.ApiKeyCreated, created.Value, cancellationToken);
        return new IssuedApiKeyResponse(presenter.Present(created.Value), token.Reveal());
    }

    private async Task<Result<(RbacKeySpec? Rbac, LegacyKeySpec? Legacy)>> BuildAsync(CreateApiKeyCommand command, bool secure, CancellationToken cancellationToken)
    {
        if (command.IsLegacy)
        {
            LegacyModes.TryParse(command.Mode, out var mode);
            var limitedToApps = command.LimitedToApps ?? [];
            if (guard.EnsureCanGrantLegacy(command.OrganizationId, mode, limitedToApps, AuditActions.ApiKeyCreated) is { } refusedLegacy)
            {
                return refusedLegacy;
            }

            var unknownLimited = await roleInputs.FindUnknownAppAsync(command.OrganizationId, "limited_to_apps", limitedToApps, cancellationToken);
            if (unknownLimited is not null)
            {
                return unknownLimited;
            }

            return (null, new LegacyKeySpec(command.Name!, mode, limitedToApps, command.LimitedToOrgs ?? [], secure, command.ExpiresAt));
        }

        var orgRole = RoleInputs.OrgRole(command.OrgRole);
        var appRoles = RoleInputs.AppRoles(command.AppRoles);
        if (guard.EnsureCanGrant(command.OrganizationId, orgRole, appRoles, AuditActions.ApiKeyCreated) is { } refused)
        {
            return refused;
        }

        var unknown = await roleInputs.FindUnknownAppAsync(command.OrganizationId, "app_roles", appRoles.Select(b => b.AppId), cancellationToken)
            ?? await roleInputs.FindUnknownAppAsync(command.OrganizationId, "project_id", command.ProjectId is null ? [] : [command.ProjectId], cancellationToken);
        if (unknown is not null)
        {
            return unknown;
        }

        return (new RbacKeySpec(command.Name!, secure, orgRole, appRoles, command.Scopes ?? [], command.ProjectId, command.ExpiresAt, command.DeviceName, command.Source), null);
    }
}
