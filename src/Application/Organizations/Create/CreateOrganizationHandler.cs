using ApiKeys.Application.Abstractions;
using ApiKeys.Application.Audit;
using ApiKeys.Application.Common.Security;
using ApiKeys.Application.Organizations.Common;
using ApiKeys.Domain.Audit;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Organizations;
using Mediator;

namespace ApiKeys.Application.Organizations.Create;

internal sealed class CreateOrganizationHandler(
    IOrganizationRepository organizations,
    IMemberRepository members,
    AuthorizedCaller caller,
    AuditTrail audit,
    TimeProvider time)
    : ICommandHandler<CreateOrganizationCommand, Result<OrganizationEnvelope>>
{
    private static readonly Error UsersOnly =
        Error.Forbidden("users_only", "Only a user (signed in with a JWT) can create an organization.");

    public ValueTask<Result<OrganizationEnvelope>> Handle(CreateOrganizationCommand command, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Create(command));

    private Result<OrganizationEnvelope> Create(CreateOrganizationCommand command)
    {
        if (caller.Principal.Type != ActorType.User)
        {
            return UsersOnly;
        }

        var now = time.Now();
        var organization = Organization.Create(command.Name!, now);
        organizations.Add(organization);
        members.Add(Member.Create(organization.Id, caller.Principal.Id, Roles.OrgOwner, [], now));
        audit.Record(organization.Id, AuditActions.OrganizationCreated);
        return OrganizationMapping.ToEnvelope(organization);
    }
}
