using ApiKeys.Application.Common.Validation;
using ApiKeys.Application.Members.Common;
using ApiKeys.Domain.Organizations;
using FluentValidation;

namespace ApiKeys.Application.Members.Set;

internal sealed class SetMemberRolesValidator : AbstractValidator<SetMemberRolesCommand>
{
    public SetMemberRolesValidator()
    {
        // Named as the route names it: the id comes from the path, not the body.
        RuleFor(c => c.UserId).Must(Member.IsValidUserId).OverridePropertyName("userID")
            .WithMessage("userID must be 1 to 255 characters with no control characters.");
        RuleFor(c => c.OrgRole).Cascade(CascadeMode.Stop).NotNull().WithMessage("org_role is required (none, member, admin or owner).").ValidOrgRole();
        RuleFor(c => c.AppRoles).ValidAppRoles();
    }
}
