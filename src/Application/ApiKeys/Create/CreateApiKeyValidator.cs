using ApiKeys.Application.Common.Validation;
using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.Authorization;
using FluentValidation;

namespace ApiKeys.Application.ApiKeys.Create;

internal sealed class CreateApiKeyValidator : AbstractValidator<CreateApiKeyCommand>
{
    public CreateApiKeyValidator()
    {
        RuleFor(c => c.Name).ValidName();
        RuleFor(c => c.OrgRole).ValidOrgRole();
        RuleFor(c => c.AppRoles).ValidAppRoles();
        RuleFor(c => c.Scopes).KnownPermissions();
        RuleFor(c => c.ProjectId).ValidAppId().When(c => c.ProjectId is not null);
        RuleFor(c => c.DeviceName).MaximumLength(ApiKey.DeviceNameMaxLength).Must(d => d is null || !d.Any(char.IsControl))
            .WithMessage("{PropertyName} must be at most 100 characters with no control characters.");
        RuleFor(c => c.Source).MaximumLength(ApiKey.SourceMaxLength).Must(d => d is null || !d.Any(char.IsControl))
            .WithMessage("{PropertyName} must be at most 50 characters with no control characters.");
        RuleForEach(c => c.LimitedToApps).ValidAppId();

        When(c => c.IsLegacy, () =>
        {
            RuleFor(c => c.Mode).Must(m => LegacyModes.TryParse(m, out _)).WithMessage(LegacyModes.InvalidModeMessage);
            RuleFor(c => c.OrgRole).Null().WithMessage("A legacy (mode) key cannot take an org_role.");
            RuleFor(c => c.AppRoles).Must(r => r is null || r.Count == 0).WithMessage("A legacy (mode) key cannot take app_roles.");
            RuleFor(c => c.Scopes).Must(s => s is null || s.Count == 0).WithMessage("A legacy (mode) key cannot take scopes.");
            RuleFor(c => c.ProjectId).Null().WithMessage("A legacy (mode) key cannot take a project_id.");
        }).Otherwise(() =>
        {
            RuleFor(c => c.LimitedToApps).Must(l => l is null || l.Count == 0).WithMessage("limited_to_apps applies to legacy (mode) keys only.");
            RuleFor(c => c.LimitedToOrgs).Must(l => l is null || l.Count == 0).WithMessage("limited_to_orgs applies to legacy (mode) keys only.");
        });
    }
}
