using ApiKeys.Application.ApiKeys.Common;
using ApiKeys.Application.Audit;
using ApiKeys.Application.Common.Security;
using ApiKeys.Application.Common.Validation;
using ApiKeys.Application.Organizations.Common;
using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.Common;
using Mediator;

namespace ApiKeys.Application.ApiKeys.CreateRbac;

internal sealed class CreateRbacApiKeyHandler(OrganizationLookup organizations, RoleGrants grants, RoleInputs roleInputs, KeyCreation creation, TimeProvider time)
    : ICommandHandler<CreateRbacApiKeyCommand, Result<IssuedApiKeyResponse>>
{
    public async ValueTask<Result<IssuedApiKeyResponse>> Handle(CreateRbacApiKeyCommand command, CancellationToken cancellationToken)
    {
        var organization = await organizations.FindAsync(command.OrganizationId, cancellationToken);
        if (!organization.IsSuccess)
        {
            return organization.Error!;
        }

        // The new key's limits are part of what is granted: a limited caller mints only keys at least as limited.
        var limits = (command.Usage ?? UsageInput.None).ToLimits(command.ExpiresAt, time.Now());
        var roles = await grants.CheckAsync(command.OrganizationId, command.OrgRole, command.AppRoles, limits, AuditActions.ApiKeyCreated, cancellationToken);
        if (!roles.IsSuccess)
        {
            return roles.Error!;
        }

        if (command.ProjectId is { } projectId && await roleInputs.FindUnknownAppAsync(command.OrganizationId, "project_id", [projectId], cancellationToken) is { } unknown)
        {
            return unknown;
        }

        var secure = command.Secure ?? true;
        var spec = new RbacKeySpec(command.Name!, secure, roles.Value.OrgRole, roles.Value.AppRoles, command.Scopes ?? [], command.ProjectId, command.ExpiresAt, command.DeviceName, command.Source);
        return await creation.CreateAsync(secure, (secret, creator, now) => ApiKey.CreateRbac(organization.Value, spec, secret, creator, now), cancellationToken, command.Usage);
    }
}
