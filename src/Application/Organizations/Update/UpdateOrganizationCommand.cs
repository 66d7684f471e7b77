using ApiKeys.Application.Abstractions;
using ApiKeys.Application.Audit;
using ApiKeys.Application.Common;
using ApiKeys.Application.Common.Security;
using ApiKeys.Application.Common.Validation;
using ApiKeys.Application.Organizations.Common;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Organizations;
using FluentValidation;
using Mediator;

namespace ApiKeys.Application.Organizations.Update;

/// <summary>
/// Renames an organization and/or replaces its key policy. A new policy applies to keys created, regenerated or
/// given a new expiry from now on; existing keys keep working (see README).
/// </summary>
public sealed record UpdateOrganizationCommand(OrganizationId OrganizationId, string? Name, KeyPolicyInput? KeyPolicy)
    : ICommand<Result<OrganizationEnvelope>>, IRequirePermission
{
    public string RequiredPermission => Permission.OrgUpdateSettings;
}

public sealed record KeyPolicyInput(bool? RequireExpiration, int? MaxLifetimeDays, bool? RequireSecureKeys)
{
    public KeyPolicy ToPolicy() => new(RequireExpiration ?? false, MaxLifetimeDays, RequireSecureKeys ?? false);
}

internal sealed class UpdateOrganizationValidator : AbstractValidator<UpdateOrganizationCommand>
{
    public UpdateOrganizationValidator()
    {
        RuleFor(c => c.Name).ValidOptionalName();
        RuleFor(c => c.KeyPolicy!.MaxLifetimeDays).InclusiveBetween(1, KeyPolicy.MaxLifetimeDaysLimit)
            .When(c => c.KeyPolicy?.MaxLifetimeDays is not null)
            .OverridePropertyName("key_policy.max_lifetime_days")
            .WithMessage("key_policy.max_lifetime_days must be null or 1 to 3650.");
    }
}

internal sealed class UpdateOrganizationHandler(IOrganizationRepository organizations, AuditTrail audit, TimeProvider time)
    : ICommandHandler<UpdateOrganizationCommand, Result<OrganizationEnvelope>>
{
    public async ValueTask<Result<OrganizationEnvelope>> Handle(UpdateOrganizationCommand command, CancellationToken cancellationToken)
    {
        var organization = await organizations.FindAsync(command.OrganizationId, cancellationToken);
        if (organization is null)
        {
            return ApplicationErrors.OrganizationNotFound;
        }

        if (organization.Update(command.Name, command.KeyPolicy?.ToPolicy(), time.Now()))
        {
            audit.Record(organization.Id, AuditActions.OrganizationUpdated);
        }

        return OrganizationMapping.ToEnvelope(organization);
    }
}
