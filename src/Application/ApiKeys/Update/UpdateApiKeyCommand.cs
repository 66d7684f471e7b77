using ApiKeys.Application.ApiKeys.Common;
using ApiKeys.Application.Common.Security;
using ApiKeys.Application.Common.Validation;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;
using FluentValidation;
using Mediator;

namespace ApiKeys.Application.ApiKeys.Update;

/// <summary>
/// <c>PATCH</c> of a key: each field given is one change (<see cref="Domain.ApiKeys.ApiKey.Rename"/>,
/// <see cref="Domain.ApiKeys.ApiKey.ChangeExpiry"/>), all saved together or none.
/// </summary>
/// <param name="Name">The new name, or <see langword="null"/> to keep it.</param>
/// <param name="Expiry">The new expiry, or <see langword="null"/> to keep it.</param>
/// <param name="Usage">The docs/api.md §9 fields sent (enabled, rate limits, credits, networks, meta), or <see langword="null"/>.</param>
public sealed record UpdateApiKeyCommand(OrganizationId OrganizationId, ApiKeyId KeyId, string? Name, ExpiryChange? Expiry, UsageInput? Usage = null)
    : ICommand<Result<ApiKeyEnvelope>>, IRequirePermission
{
    public string RequiredPermission => Permission.ApiKeyManage;
}

/// <param name="ExpiresAt">The new expiry; <see langword="null"/> removes it.</param>
public sealed record ExpiryChange(DateTimeOffset? ExpiresAt);

internal sealed class UpdateApiKeyValidator : AbstractValidator<UpdateApiKeyCommand>
{
    public UpdateApiKeyValidator()
    {
        RuleFor(c => c.Name).ValidOptionalName();
        this.AddUsageRules(c => c.Usage ?? UsageInput.None);
    }
}
