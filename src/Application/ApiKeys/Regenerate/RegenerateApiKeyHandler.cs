using ApiKeys.Application.Abstractions;
using ApiKeys.Application.ApiKeys.Common;
using ApiKeys.Application.Audit;
using ApiKeys.Application.Common;
using ApiKeys.Application.Common.Security;
using ApiKeys.Application.Events;
using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Webhooks;
using Mediator;

namespace ApiKeys.Application.ApiKeys.Regenerate;

internal sealed class RegenerateApiKeyHandler(
    IApiKeyRepository keys,
    IOrganizationRepository organizations,
    SecretIssuer issuer,
    ApiKeyPresenter presenter,
    TargetGuard guard,
    EventOutbox events,
    AuditTrail audit,
    TimeProvider time)
    : ICommandHandler<RegenerateApiKeyCommand, Result<IssuedApiKeyResponse>>
{
    public async ValueTask<Result<IssuedApiKeyResponse>> Handle(RegenerateApiKeyCommand command, CancellationToken cancellationToken)
    {
        var key = await keys.FindAsync(command.OrganizationId, command.KeyId, cancellationToken);
        if (key is null)
        {
            return ApiKeyErrors.NotFound;
        }

        if (key.IsRevoked)
        {
            return ApiKeyErrors.Revoked;
        }

        // The caller receives the new secret: it takes over the key's power, so it must cover it.
        if (guard.EnsureCovers(key, AuditActions.ApiKeyRegenerated) is { } takeover)
        {
            return takeover;
        }

        var now = time.Now();
        var organization = await organizations.FindAsync(command.OrganizationId, cancellationToken);
        if (organization is null)
        {
            return ApplicationErrors.OrganizationNotFound;
        }

        var (token, secret) = await issuer.IssueAsync(key.Secure, cancellationToken);
        var regenerated = key.Regenerate(secret, TimeSpan.FromSeconds(command.GracePeriodSeconds ?? 0), organization.KeyPolicy, now);
        if (!regenerated.IsSuccess)
        {
            return regenerated.Error!;
        }

        audit.Record(command.OrganizationId, AuditActions.ApiKeyRegenerated, key.Id.ToString());
        await events.KeyEventAsync(WebhookEvents.ApiKeyRegenerated, key, cancellationToken);
        return new IssuedApiKeyResponse(presenter.Present(key), token.Reveal());
    }
}
