using ApiKeys.Application.Common.Validation;
using FluentValidation;

namespace ApiKeys.Application.Apps.Create;

internal sealed class CreateAppValidator : AbstractValidator<CreateAppCommand>
{
    public CreateAppValidator()
    {
        RuleFor(c => c.AppId).Cascade(CascadeMode.Stop).NotNull().WithMessage("{PropertyName} is required.").ValidAppId();
        RuleFor(c => c.Name).ValidName();
    }
}
