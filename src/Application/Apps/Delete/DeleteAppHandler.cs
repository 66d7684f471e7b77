using ApiKeys.Application.Abstractions;
using ApiKeys.Application.Apps.Common;
using ApiKeys.Application.Audit;
using ApiKeys.Application.Events;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Organizations;
using ApiKeys.Domain.Webhooks;
using Mediator;

namespace ApiKeys.Application.Apps.Delete;

/// <summary>
/// Deletes an app and every binding to it (docs/api.md §2): members' and keys' app roles go, its project keys are
/// revoked, legacy keys lose it from their limits (revoked when none remain). Every changed key is in the change
/// feed of this transaction, so every node evicts it; an app created later with the same id starts with no grants,
/// also when a binding raced with the deletion (<see cref="Common.Concurrency.DependencyLocks"/>).
/// </summary>
internal sealed class DeleteAppHandler(IRowLocks locks, IAppRepository apps, IMemberRepository members, IApiKeyRepository keys, AuditTrail audit, EventOutbox events, TimeProvider time)
    : ICommandHandler<DeleteAppCommand, Result<DeletedResponse>>
{
    // Keys read back to describe them in their events, a chunk at a time.
    private const int EventChunk = 1000;

    public async ValueTask<Result<DeletedResponse>> Handle(DeleteAppCommand command, CancellationToken cancellationToken)
    {
        // The app's row first, exclusively: a binding being made now (it holds the row shared) commits before the
        // bindings are read below, and one made later finds the app gone (404).
        await locks.LockAppAsync(command.OrganizationId, command.AppId, cancellationToken);
        var app = await apps.FindAsync(command.OrganizationId, command.AppId, cancellationToken);
        if (app is null)
        {
            return OrganizationErrors.AppNotFound;
        }

        var now = time.Now();
        foreach (var member in await members.ListByAppAsync(command.OrganizationId, command.AppId, cancellationToken))
        {
            member.ForgetApp(command.AppId, now);
        }

        // Keys limited to the app (its project keys, legacy keys limited to it) are revoked or narrowed one by one
        // by the domain; the many that only hold roles on it lose them in bulk.
        foreach (var key in await keys.ListLimitedToAppAsync(command.OrganizationId, command.AppId, cancellationToken))
        {
            if (!key.ForgetApp(command.AppId, now))
            {
                continue;
            }

            if (key.IsRevoked)
            {
                audit.Record(command.OrganizationId, AuditActions.ApiKeyRevoked, key.Id.ToString(), target: app.AppId);
            }

            await events.KeyEventAsync(key.IsRevoked ? WebhookEvents.ApiKeyRevoked : WebhookEvents.ApiKeyUpdated, key, cancellationToken);
        }

        var unbound = await keys.RemoveAppRolesAsync(command.OrganizationId, command.AppId, now, cancellationToken);
        if (unbound is null)
        {
            return OrganizationErrors.ConcurrentUpdate;
        }

        if (await events.IsSubscribedAsync(command.OrganizationId, WebhookEvents.ApiKeyUpdated, cancellationToken))
        {
            foreach (var chunk in unbound.Chunk(EventChunk))
            {
                foreach (var key in await keys.ListByIdsAsync(command.OrganizationId, chunk, cancellationToken))
                {
                    await events.KeyEventAsync(WebhookEvents.ApiKeyUpdated, key, cancellationToken);
                }
            }
        }

        apps.Remove(app);
        audit.Record(command.OrganizationId, AuditActions.AppDeleted, target: app.AppId);
        return new DeletedResponse(true);
    }
}
