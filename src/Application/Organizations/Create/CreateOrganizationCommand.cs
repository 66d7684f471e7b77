using ApiKeys.Application.Abstractions;
using ApiKeys.Application.Audit;
using ApiKeys.Application.Common.Security;
using ApiKeys.Application.Common.Validation;
using ApiKeys.Application.Organizations.Common;
using ApiKeys.Domain.Audit;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Organizations;
using FluentValidation;
using Mediator;

namespace ApiKeys.Application.Organizations.Create;

/// <summary>A user creates an organization and becomes its <c>org_owner</c>. Keys cannot: an organization needs a human owner.</summary>
public sealed record CreateOrganizationCommand(string? Name) : ICommand<Result<OrganizationEnvelope>>, IAuthenticatedRequest;

internal sealed class CreateOrganizationValidator : AbstractValidator<CreateOrganizationCommand>
{
    public CreateOrganizationValidator() => RuleFor(c => c.Name).ValidName();
}

internal sealed class CreateOrganizationHandler(
    IOrganizationRepository organizations,
    IMemberRepository members,
    AuthorizedCaller caller,
    AuditTrail audit,
    TimeProvider time)
    : ICommandHandler<CreateOrganizationCommand, Result<OrganizationEnvelope>>
{
    public ValueTask<Result<OrganizationEnvelope>> Handle(CreateOrganizationCommand command, CancellationToken cancellationToken)
    {
        if (caller.Principal.Type != ActorType.User)
        {
            return ValueTask.FromResult<Result<OrganizationEnvelope>>(
                Error.Forbidden("users_only", "Only a user (signed in with a JWT) can create an organization."));
        }

        var now = time.Now();
        var organization = Organization.Create(command.Name!, now);
        organizations.Add(organization);
        members.Add(Member.Create(organization.Id, caller.Principal.Id, Roles.OrgOwner, [], now));
        audit.Record(organization.Id, AuditActions.OrganizationCreated);
        return ValueTask.FromResult<Result<OrganizationEnvelope>>(OrganizationMapping.ToEnvelope(organization));
    }
}
