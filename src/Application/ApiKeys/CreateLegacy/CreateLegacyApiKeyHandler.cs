using ApiKeys.Application.ApiKeys.Common;
using ApiKeys.Application.Audit;
using ApiKeys.Application.Common.Security;
using ApiKeys.Application.Common.Validation;
using ApiKeys.Application.Organizations.Common;
using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;
using Mediator;

namespace ApiKeys.Application.ApiKeys.CreateLegacy;

internal sealed class CreateLegacyApiKeyHandler(OrganizationLookup organizations, TargetGuard guard, RoleInputs roleInputs, KeyCreation creation, TimeProvider time)
    : ICommandHandler<CreateLegacyApiKeyCommand, Result<IssuedApiKeyResponse>>
{
    public async ValueTask<Result<IssuedApiKeyResponse>> Handle(CreateLegacyApiKeyCommand command, CancellationToken cancellationToken)
    {
        var organization = await organizations.FindAsync(command.OrganizationId, cancellationToken);
        if (!organization.IsSuccess)
        {
            return organization.Error!;
        }

        LegacyModes.TryParse(command.Mode, out var mode);
        var limitedToApps = command.LimitedToApps ?? [];
        var limits = (command.Usage ?? UsageInput.None).ToLimits(command.ExpiresAt, time.Now());
        if (guard.EnsureCanGrantLegacy(command.OrganizationId, mode, limitedToApps, limits, AuditActions.ApiKeyCreated) is { } refused)
        {
            return refused;
        }

        if (await roleInputs.FindUnknownAppAsync(command.OrganizationId, "limited_to_apps", limitedToApps, cancellationToken) is { } unknown)
        {
            return unknown;
        }

        var secure = command.Secure ?? false;
        var spec = new LegacyKeySpec(command.Name!, mode, limitedToApps, command.LimitedToOrgs ?? [], secure, command.ExpiresAt);
        return await creation.CreateAsync(secure, (secret, creator, now) => ApiKey.CreateLegacy(organization.Value, spec, secret, creator, now), cancellationToken, command.Usage);
    }
}
