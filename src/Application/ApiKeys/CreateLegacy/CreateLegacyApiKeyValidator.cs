using ApiKeys.Application.Common.Validation;
using ApiKeys.Domain.Authorization;
using FluentValidation;

namespace ApiKeys.Application.ApiKeys.CreateLegacy;

internal sealed class CreateLegacyApiKeyValidator : AbstractValidator<CreateLegacyApiKeyCommand>
{
    public CreateLegacyApiKeyValidator()
    {
        this.AddUsageRules(c => c.Usage ?? ApiKeys.Common.UsageInput.None);
        RuleFor(c => c.Name).ValidName();
        RuleFor(c => c.Mode).Must(m => LegacyModes.TryParse(m, out _)).WithMessage(LegacyModes.InvalidModeMessage);
        RuleForEach(c => c.LimitedToApps).ValidAppId();
        // Named as the body names them (org_role), not as the list that carries them.
        RuleFor(c => c.RbacFields).Custom((fields, context) =>
        {
            foreach (var field in fields ?? [])
            {
                context.AddFailure(field, field switch
                {
                    "org_role" => "A legacy (mode) key cannot take an org_role.",
                    "project_id" => "A legacy (mode) key cannot take a project_id.",
                    _ => $"A legacy (mode) key cannot take {field}.",
                });
            }
        });
    }
}
