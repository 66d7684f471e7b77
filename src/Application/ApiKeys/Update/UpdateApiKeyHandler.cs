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

namespace ApiKeys.Application.ApiKeys.Update;

internal sealed class UpdateApiKeyHandler(
    IApiKeyRepository keys,
    IOrganizationRepository organizations,
    ApiKeyPresenter presenter,
    TargetGuard guard,
    EventOutbox events,
    AuditTrail audit,
    TimeProvider time)
    : ICommandHandler<UpdateApiKeyCommand, Result<ApiKeyEnvelope>>
{
    public async ValueTask<Result<ApiKeyEnvelope>> Handle(UpdateApiKeyCommand command, CancellationToken cancellationToken)
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

        var now = time.Now();
        var changed = false;
        if (command.ChangeExpiry)
        {
            // Keeping a stronger key alive (or cutting it short) is acting on it: renaming alone is not.
            if (guard.EnsureCovers(key, AuditActions.ApiKeyUpdated) is { } refused)
            {
                return refused;
            }

            // The policy applies to the new expiry; a rename alone never breaks a key that predates the policy.
            var organization = await organizations.FindAsync(command.OrganizationId, cancellationToken);
            if (organization is null)
            {
                return ApplicationErrors.OrganizationNotFound;
            }

            var expiry = key.ChangeExpiry(command.ExpiresAt, organization.KeyPolicy, now);
            if (!expiry.IsSuccess)
            {
                return expiry.Error!;
            }

            changed = expiry.Value;
        }

        if (command.Name is not null)
        {
            var renamed = key.Rename(command.Name, now);
            if (!renamed.IsSuccess)
            {
                return renamed.Error!;
            }

            changed |= renamed.Value;
        }

        if (changed)
        {
            audit.Record(command.OrganizationId, AuditActions.ApiKeyUpdated, key.Id.ToString());
            await events.KeyEventAsync(WebhookEvents.ApiKeyUpdated, key, cancellationToken);
        }

        return new ApiKeyEnvelope(presenter.Present(key));
    }
}
