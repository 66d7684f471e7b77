using ApiKeys.Application.Common.Validation;
using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.Common;
using FluentValidation;

namespace ApiKeys.Application.ApiKeys.CreateRbac;

internal sealed class CreateRbacApiKeyValidator : AbstractValidator<CreateRbacApiKeyCommand>
{
    public CreateRbacApiKeyValidator()
    {
        this.AddUsageRules(c => c.Usage ?? ApiKeys.Common.UsageInput.None);
        RuleFor(c => c.Name).ValidName();
        RuleFor(c => c.OrgRole).ValidOrgRole();
        RuleFor(c => c.AppRoles).ValidAppRoles();
        RuleFor(c => c.Scopes).KnownPermissions();
        RuleFor(c => c.ProjectId).ValidAppId().When(c => c.ProjectId is not null);
        RuleFor(c => c.DeviceName).MaximumLength(ApiKey.DeviceNameMaxLength).Must(d => d is null || !Names.HasForbiddenCharacter(d))
            .WithMessage("{PropertyName} must be at most 100 characters with no control, invisible or bidirectional formatting characters.");
        RuleFor(c => c.Source).MaximumLength(ApiKey.SourceMaxLength).Must(d => d is null || !Names.HasForbiddenCharacter(d))
            .WithMessage("{PropertyName} must be at most 50 characters with no control, invisible or bidirectional formatting characters.");
        // Named as the body names them (limited_to_apps), not as the list that carries them.
        RuleFor(c => c.LegacyFields).Custom((fields, context) =>
        {
            foreach (var field in fields ?? [])
            {
                context.AddFailure(field, $"{field} applies to legacy (mode) keys only.");
            }
        });
    }
}
