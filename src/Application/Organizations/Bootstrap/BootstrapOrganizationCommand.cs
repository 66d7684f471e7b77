using ApiKeys.Application.Abstractions;
using ApiKeys.Application.ApiKeys.Common;
using ApiKeys.Application.Audit;
using ApiKeys.Application.Common.Security;
using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.Audit;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Organizations;
using Mediator;

namespace ApiKeys.Application.Organizations.Bootstrap;

/// <summary>
/// Creates an organization with an <c>org_owner</c> secure key, for a first run or the <c>bootstrap</c> command.
/// Sent by the host itself, never over HTTP, so it carries no caller. With <see cref="OnlyIfEmpty"/> it does
/// nothing when any organization exists.
/// </summary>
public sealed record BootstrapOrganizationCommand(string Name, bool OnlyIfEmpty) : ICommand<Result<BootstrappedOrganization?>>, IUnauthenticatedRequest;

public sealed record BootstrappedOrganization(string OrganizationId, string PlaintextApiKey)
{
    public override string ToString() => $"BootstrappedOrganization {{ OrganizationId = {OrganizationId} }}";
}

internal sealed class BootstrapOrganizationHandler(
    IOrganizationRepository organizations,
    IApiKeyRepository keys,
    SecretIssuer issuer,
    AuditTrail audit,
    TimeProvider time)
    : ICommandHandler<BootstrapOrganizationCommand, Result<BootstrappedOrganization?>>
{
    public async ValueTask<Result<BootstrappedOrganization?>> Handle(BootstrapOrganizationCommand command, CancellationToken cancellationToken)
    {
        if (!Names.IsValid(command.Name))
        {
            return Error.Validation("org_name", "The organization name must be 1 to 100 characters with no control characters.");
        }

        if (command.OnlyIfEmpty && await organizations.AnyAsync(cancellationToken))
        {
            return Result<BootstrappedOrganization?>.Success(null);
        }

        var now = time.Now();
        var organization = Organization.Create(command.Name, now);
        organizations.Add(organization);
        var (token, secret) = await issuer.IssueAsync(secure: true, cancellationToken);
        var spec = new RbacKeySpec("Owner key (bootstrap)", true, Roles.OrgOwner, [], [], null, null, null, "bootstrap");
        var key = ApiKey.CreateRbac(organization, spec, secret, Actor.System, now).Value;
        keys.Add(key);
        audit.Record(organization.Id, AuditActions.OrganizationCreated, actor: Actor.System);
        audit.Record(organization.Id, AuditActions.ApiKeyCreated, key.Id.ToString(), actor: Actor.System);
        return new BootstrappedOrganization(organization.Id.ToString(), token.Reveal());
    }
}
