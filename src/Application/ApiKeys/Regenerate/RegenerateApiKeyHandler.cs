using ApiKeys.Application.ApiKeys.Common;
using ApiKeys.Application.Audit;
using ApiKeys.Application.Common.Security;
using ApiKeys.Application.Events;
using ApiKeys.Application.Organizations.Common;
using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Webhooks;
using Mediator;

namespace ApiKeys.Application.ApiKeys.Regenerate;

internal sealed class RegenerateApiKeyHandler(
    KeyLookup keys,
    OrganizationLookup organizations,
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
        var found = (await keys.FindAsync(command.OrganizationId, command.KeyId, cancellationToken)).Ensure(k => !k.IsRevoked, ApiKeyErrors.Revoked);
        if (!found.IsSuccess)
        {
            return found.Error!;
        }

        // The caller receives the new secret: it takes over the key's power, so it must cover it.
        var key = found.Value;
        if (guard.EnsureCovers(key, AuditActions.ApiKeyRegenerated) is { } takeover)
        {
            return takeover;
        }

        var organization = await organizations.FindAsync(command.OrganizationId, cancellationToken);
        if (!organization.IsSuccess)
        {
            return organization.Error!;
        }

        var (token, secret) = await issuer.IssueAsync(key.Secure, cancellationToken);
        var regenerated = key.Regenerate(secret, TimeSpan.FromSeconds(command.GracePeriodSeconds ?? 0), organization.Value.KeyPolicy, time.Now());
        if (!regenerated.IsSuccess)
        {
            return regenerated.Error!;
        }

        audit.Record(command.OrganizationId, AuditActions.ApiKeyRegenerated, key.Id.ToString());
        await events.KeyEventAsync(WebhookEvents.ApiKeyRegenerated, key, cancellationToken);
        return new IssuedApiKeyResponse(presenter.Present(key), token.Reveal());
    }
}
