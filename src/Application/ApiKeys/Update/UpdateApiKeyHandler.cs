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
    OwnershipGuard ownership,
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
        var usage = command.Usage ?? UsageInput.None;

        // Switching a key on or off, its expiry and its limits are acting on it (docs/api.md §2); a rename or meta alone is
        // not. Governance is power too: the caller must also cover the key with the limits it would have (no key loosens
        // itself, nor a key beyond its own limits). Both are checked before anything changes: a refusal is one denied event.
        if ((usage.NeedsCovering || command.Expiry is not null) && guard.EnsureCovers(key, AuditActions.ApiKeyUpdated) is { } refused)
        {
            return refused;
        }

        var limits = usage.ToLimitsChange(command.Expiry is not null, command.Expiry?.ExpiresAt, now);
        if (!limits.IsEmpty && guard.EnsureCoversAfter(key, key.LimitsAfter(limits), AuditActions.ApiKeyUpdated) is { } loosened)
        {
            return loosened;
        }

        var wasOwner = key.IsOwner(now);
        var expiry = command.Expiry is { } change ? await ChangeExpiryAsync(key, change, now, cancellationToken) : false;
        var renamed = expiry.IsSuccess && command.Name is not null ? key.Rename(command.Name, now) : false;
        var failed = expiry.Error ?? renamed.Error;
        if (failed is not null)
        {
            return failed;
        }

        var governed = Govern(key, usage, now);
        if (!governed.IsSuccess)
        {
            return governed.Error!;
        }

        // The last usable owner cannot be disabled, limited or given an expiry (docs/api.md §2 "The last owner stays
        // usable"), under concurrent requests too (the guard's version check). A refusal saves none of the changes above.
        if (wasOwner && !key.IsOwner(now) && await ownership.EnsureOwnerRemainsAsync(command.OrganizationId, 1, cancellationToken) is { } lastOwner)
        {
            return lastOwner;
        }

        if (expiry.Value || renamed.Value || governed.Value.Enabled is not null || governed.Value.Usage)
        {
            audit.Record(command.OrganizationId, AuditActions.ApiKeyUpdated, key.Id.ToString());
            if (governed.Value.Enabled is { } enabled)
            {
                audit.Record(command.OrganizationId, enabled ? AuditActions.ApiKeyEnabled : AuditActions.ApiKeyDisabled, key.Id.ToString());
            }

            if (governed.Value.Usage)
            {
                audit.Record(command.OrganizationId, AuditActions.ApiKeyUsageChanged, key.Id.ToString());
            }

            await events.KeyEventAsync(WebhookEvents.ApiKeyUpdated, key, cancellationToken);
        }

        return new ApiKeyEnvelope(presenter.Present(key));
    }

    /// <returns>Whether the expiry changed. The policy applies to the new expiry, so a rename alone never breaks a key that predates the policy.</returns>
    private async Task<Result<bool>> ChangeExpiryAsync(ApiKey key, ExpiryChange change, DateTimeOffset now, CancellationToken cancellationToken) =>
        (await organizations.FindAsync(key.OrganizationId, cancellationToken))
            .Bind(organization => key.ChangeExpiry(change.ExpiresAt, organization.KeyPolicy, now));

    /// <returns>The new enabled state when it changed, and whether limits, credits, networks or meta changed.</returns>
    private static Result<(bool? Enabled, bool Usage)> Govern(ApiKey key, UsageInput usage, DateTimeOffset now)
    {
        bool? enabled = null;
        if (usage.Enabled is { } wanted)
        {
            var result = key.ChangeEnabled(wanted, now);
            if (!result.IsSuccess)
            {
                return result.Error!;
            }

            enabled = result.Value ? wanted : null;
        }

        var steps = new List<Result<bool>>();
        if (usage.ToRateLimits() is { } limits)
        {
            steps.Add(key.ChangeRateLimits(limits, now));
        }

        if (usage.CreditsSet)
        {
            steps.Add(key.ChangeCredits(usage.ToCredits(now), now));
        }

        if (usage.ToAllowedCidrs() is { } cidrs)
        {
            steps.Add(key.ChangeAllowedCidrs(cidrs, now));
        }

        if (usage.MetaSet)
        {
            steps.Add(key.ChangeMeta(usage.ToMeta(), now));
        }

        if (steps.FirstOrDefault(s => !s.IsSuccess) is { Error: { } error })
        {
            return error;
        }

        return (enabled, steps.Any(s => s.Value));
    }
}
