using ApiKeys.Application.ApiKeys.Common;
using ApiKeys.Application.Common.Security;
using ApiKeys.Application.Common.Validation;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;
using FluentValidation;
using Mediator;

namespace ApiKeys.Application.ApiKeys.Update;

/// <summary>Renames a key and/or changes its expiry. <see cref="ChangeExpiry"/> with a null <see cref="ExpiresAt"/> removes the expiry.</summary>
public sealed record UpdateApiKeyCommand(OrganizationId OrganizationId, ApiKeyId KeyId, string? Name, bool ChangeExpiry, DateTimeOffset? ExpiresAt)
    : ICommand<Result<ApiKeyEnvelope>>, IRequirePermission
{
    public string RequiredPermission => Permission.ApiKeyManage;
}

internal sealed class UpdateApiKeyValidator : AbstractValidator<UpdateApiKeyCommand>
{
    public UpdateApiKeyValidator() => RuleFor(c => c.Name).ValidOptionalName();
}
