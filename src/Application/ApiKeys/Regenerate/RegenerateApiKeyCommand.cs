using ApiKeys.Application.ApiKeys.Common;
using ApiKeys.Application.Common.Security;
using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;
using FluentValidation;
using Mediator;

namespace ApiKeys.Application.ApiKeys.Regenerate;

public sealed record RegenerateApiKeyCommand(OrganizationId OrganizationId, ApiKeyId KeyId, int? GracePeriodSeconds)
    : ICommand<Result<IssuedApiKeyResponse>>, IRequirePermission
{
    public string RequiredPermission => Permission.ApiKeyManage;
}

internal sealed class RegenerateApiKeyValidator : AbstractValidator<RegenerateApiKeyCommand>
{
    public RegenerateApiKeyValidator() =>
        RuleFor(c => c.GracePeriodSeconds).InclusiveBetween(0, ApiKey.MaxGracePeriodSeconds)
            .WithMessage("grace_period_seconds must be between 0 and 86400.");
}
