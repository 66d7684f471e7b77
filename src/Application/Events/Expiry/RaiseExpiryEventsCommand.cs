using ApiKeys.Application.Abstractions;
using ApiKeys.Application.Common.Security;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Webhooks;
using Mediator;

namespace ApiKeys.Application.Events.Expiry;

/// <summary>
/// Sent by the expiry scan on every node: raises <c>api_key.expiring</c> 7 days and 1 day before a key's
/// <c>expires_at</c>, and <c>api_key.expired</c> at it, once per key, threshold and expiry (a unique notice row makes
/// a second node's attempt fail its save instead of raising it twice). Never sent over HTTP.
/// </summary>
public sealed record RaiseExpiryEventsCommand(int Limit = 200) : ICommand<Result<int>>, IUnauthenticatedRequest;

internal sealed class RaiseExpiryEventsHandler(IExpiryNoticeRepository notices, EventOutbox events, TimeProvider time)
    : ICommandHandler<RaiseExpiryEventsCommand, Result<int>>
{
    public async ValueTask<Result<int>> Handle(RaiseExpiryEventsCommand command, CancellationToken cancellationToken)
    {
        var now = time.Now();
        var raised = 0;
        foreach (var key in await notices.ListDueAsync(now, now.AddDays(7), command.Limit, cancellationToken))
        {
            var threshold = ExpiryNotice.ThresholdAt(key.ExpiresAt!.Value, now);
            if (threshold is null)
            {
                continue;
            }

            notices.Add(ExpiryNotice.For(key.Id, threshold, key.ExpiresAt.Value));
            await events.KeyEventAsync(threshold == ExpiryNotice.Expired ? WebhookEvents.ApiKeyExpired : WebhookEvents.ApiKeyExpiring, key, cancellationToken);
            raised++;
        }

        return raised;
    }
}
