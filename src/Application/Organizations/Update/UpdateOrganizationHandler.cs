using ApiKeys.Application.Abstractions;
using ApiKeys.Application.Audit;
using ApiKeys.Application.Common;
using ApiKeys.Application.Organizations.Common;
using ApiKeys.Domain.Common;
using Mediator;

namespace ApiKeys.Application.Organizations.Update;

internal sealed class UpdateOrganizationHandler(OrganizationLookup organizations, AuditTrail audit, TimeProvider time)
    : ICommandHandler<UpdateOrganizationCommand, Result<OrganizationEnvelope>>
{
    public async ValueTask<Result<OrganizationEnvelope>> Handle(UpdateOrganizationCommand command, CancellationToken cancellationToken)
    {
        var found = await organizations.FindAsync(command.OrganizationId, cancellationToken);
        if (!found.IsSuccess)
        {
            return found.Error!;
        }

        var organization = found.Value;
        if (organization.Update(command.Name, command.KeyPolicy?.ApplyTo(organization.KeyPolicy), time.Now()))
        {
            audit.Record(organization.Id, AuditActions.OrganizationUpdated);
        }

        return OrganizationMapping.ToEnvelope(organization);
    }
}
