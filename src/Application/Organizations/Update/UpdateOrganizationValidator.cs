using ApiKeys.Application.Common.Validation;
using ApiKeys.Domain.Organizations;
using FluentValidation;

namespace ApiKeys.Application.Organizations.Update;

internal sealed class UpdateOrganizationValidator : AbstractValidator<UpdateOrganizationCommand>
{
    public UpdateOrganizationValidator()
    {
        RuleFor(c => c.Name).ValidOptionalName();
        RuleFor(c => c.KeyPolicy!.MaxLifetimeDays).InclusiveBetween(1, KeyPolicy.MaxLifetimeDaysLimit)
            .When(c => c.KeyPolicy?.MaxLifetimeDays is not null)
            .OverridePropertyName("key_policy.max_lifetime_days")
            .WithMessage($"key_policy.max_lifetime_days must be null or 1 to {KeyPolicy.MaxLifetimeDaysLimit}.");
    }
}
