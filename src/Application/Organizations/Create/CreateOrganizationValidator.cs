using ApiKeys.Application.Common.Validation;
using FluentValidation;

namespace ApiKeys.Application.Organizations.Create;

internal sealed class CreateOrganizationValidator : AbstractValidator<CreateOrganizationCommand>
{
    public CreateOrganizationValidator() => RuleFor(c => c.Name).ValidName();
}
