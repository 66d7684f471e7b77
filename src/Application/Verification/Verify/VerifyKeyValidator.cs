using ApiKeys.Application.Common.Validation;
using FluentValidation;

namespace ApiKeys.Application.Verification.Verify;

internal sealed class VerifyKeyValidator : AbstractValidator<VerifyKeyQuery>
{
    public VerifyKeyValidator()
    {
        RuleFor(q => q.Key).NotNull().WithMessage("key is required.").MaximumLength(4096);
        RuleFor(q => q.AppId).ValidAppId().When(q => q.AppId is not null);
        RuleFor(q => q.Permissions).KnownPermissions()
            .Must(p => p is null || p.Count <= 50).WithMessage("permissions may name at most 50 permissions.");
    }
}
