using ApiKeys.Application.ApiKeys.Common;
using ApiKeys.Application.Audit;
using ApiKeys.Application.Common.Security;
using ApiKeys.Application.Events;
using ApiKeys.Application.Organizations.Common;
using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Webhooks;
using Mediator;

namespace ApiKeys.Application.ApiKeys.Update;

internal sealed class UpdateApiKeyHandler(
    KeyLookup keys,
    OrganizationLookup organizations,
    ApiKeyPresenter presenter,
    TargetGuard guard,
    EventOutbox events,
    AuditTrail audit,
    TimeProvider time)
    : ICommandHandler<UpdateApiKeyCommand, Result<ApiKeyEnvelope>>
{
    public async ValueTask<Result<ApiKeyEnvelope>> Handle(UpdateApiKeyCommand command, CancellationToken cancellationToken)
    {
        var found = (await keys.FindAsync(command.OrganizationId, command.KeyId, cancellationToken)).Ensure(k => !k.IsRevoked, ApiKeyErrors.Revoked);
        if (!found.IsSuccess)
        {
            return found.Error!;
        }

        var key = found.Value;
        var now = time.Now();
        var expiry = command.Expiry is { } change ? await ChangeExpiryAsync(key, change, now, cancellationToken) : false;
        var renamed = expiry.IsSuccess && command.Name is not null ? key.Rename(command.Name, now) : false;
        var failed = expiry.Error ?? renamed.Error;
        if (failed is not null)
        {
            return failed;
        }

        if (expiry.Value || renamed.Value)
        {
            audit.Record(command.OrganizationId, AuditActions.ApiKeyUpdated, key.Id.ToString());
            await events.KeyEventAsync(WebhookEvents.ApiKeyUpdated, key, cancellationToken);
        }

        return new ApiKeyEnvelope(presenter.Present(key));
    }

    /// <returns>Whether the expiry changed.</returns>
    private async Task<Result<bool>> ChangeExpiryAsync(ApiKey key, ExpiryChange change, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Keeping a stronger key alive (or cutting it short) is acting on it: renaming alone is not. The policy
        // applies to the new expiry, so a rename alone never breaks a key that predates the policy.
        if (guard.EnsureCovers(key, AuditActions.ApiKeyUpdated) is { } refused)
        {
            return refused;
        }

        return (await organizations.FindAsync(key.OrganizationId, cancellationToken))
            .Bind(organization => key.ChangeExpiry(change.ExpiresAt, organization.KeyPolicy, now));
    }
}
