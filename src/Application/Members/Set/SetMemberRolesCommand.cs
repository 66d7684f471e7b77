using ApiKeys.Application.Abstractions;
using ApiKeys.Application.Audit;
using ApiKeys.Application.Common;
using ApiKeys.Application.Common.Security;
using ApiKeys.Application.Common.Validation;
using ApiKeys.Application.Members.Common;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Organizations;
using FluentValidation;
using Mediator;

namespace ApiKeys.Application.Members.Set;

/// <summary>Sets a user's roles in the organization, adding the user as a member when new. No escalation.</summary>
public sealed record SetMemberRolesCommand(OrganizationId OrganizationId, string UserId, string? OrgRole, IReadOnlyList<AppRoleInput>? AppRoles)
    : ICommand<Result<MemberEnvelope>>, IRequirePermission
{
    public string RequiredPermission => Permission.OrgUpdateUserRoles;
}

internal sealed class SetMemberRolesValidator : AbstractValidator<SetMemberRolesCommand>
{
    public SetMemberRolesValidator()
    {
        RuleFor(c => c.UserId).NotEmpty().MaximumLength(Member.UserIdMaxLength).Must(u => !u.Any(char.IsControl))
            .OverridePropertyName("userID").WithMessage("userID must be 1 to 255 characters with no control characters.");
        RuleFor(c => c.OrgRole).NotNull().WithMessage("org_role is required (none, member, admin or owner).").ValidOrgRole();
        RuleFor(c => c.AppRoles).ValidAppRoles();
    }
}

internal sealed class SetMemberRolesHandler(
    IMemberRepository members,
    RoleInputs roleInputs,
    AuthorizedCaller caller,
    AuditTrail audit,
    TimeProvider time)
    : ICommandHandler<SetMemberRolesCommand, Result<MemberEnvelope>>
{
    public async ValueTask<Result<MemberEnvelope>> Handle(SetMemberRolesCommand command, CancellationToken cancellationToken)
    {
        var orgRole = RoleInputs.OrgRole(command.OrgRole);
        var appRoles = RoleInputs.AppRoles(command.AppRoles);
        if (!caller.Access.CanGrant(orgRole, appRoles))
        {
            return ApplicationErrors.Escalation;
        }

        if (await roleInputs.FindUnknownAppAsync(command.OrganizationId, "app_roles", appRoles.Select(b => b.AppId), cancellationToken) is { } unknown)
        {
            return unknown;
        }

        var now = time.Now();
        var member = await members.FindAsync(command.OrganizationId, command.UserId, cancellationToken);
        if (member is null)
        {
            member = Member.Create(command.OrganizationId, command.UserId, orgRole, appRoles, now);
            members.Add(member);
            audit.Record(command.OrganizationId, AuditActions.MemberRolesSet, target: command.UserId);
            return new MemberEnvelope(MemberResponse.From(member));
        }

        if (await MemberRules.CheckOwnerChangeAsync(members, caller, member, orgRole == Roles.OrgOwner, cancellationToken) is { } refused)
        {
            return refused;
        }

        if (member.SetRoles(orgRole, appRoles, now))
        {
            audit.Record(command.OrganizationId, AuditActions.MemberRolesSet, target: command.UserId);
        }

        return new MemberEnvelope(MemberResponse.From(member));
    }
}
