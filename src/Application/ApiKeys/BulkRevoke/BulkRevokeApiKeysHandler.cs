using System.Text.Json;
using System.Text.Json.Nodes;
using ApiKeys.Application.Abstractions;
using ApiKeys.Application.ApiKeys.Common;
using ApiKeys.Application.Audit;
using ApiKeys.Application.Common.Security;
using ApiKeys.Application.Events;
using ApiKeys.Application.Organizations.Common;
using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Webhooks;
using Mediator;

namespace ApiKeys.Application.ApiKeys.BulkRevoke;

/// <summary>
/// Each revoked key is audited, evented and evicted on every node exactly as a single revoke (the change feed is
/// written by the save); the last owner key of the organization stays, so a call that would take it is refused whole.
/// </summary>
internal sealed class BulkRevokeApiKeysHandler(IApiKeyRepository keys, TargetGuard guard, OwnershipGuard ownership, AuditTrail audit, EventOutbox events, TimeProvider time)
    : ICommandHandler<BulkRevokeApiKeysCommand, Result<BulkRevokeResponse>>
{
    public async ValueTask<Result<BulkRevokeResponse>> Handle(BulkRevokeApiKeysCommand command, CancellationToken cancellationToken)
    {
        var now = time.Now();
        var parsed = Filters(command.Filter).Bind(filters => KeyFilterInput.Parse(filters, kind: null, includeRevoked: false, now, fieldPrefix: "filter."));
        if (!parsed.IsSuccess)
        {
            return parsed.Error!;
        }

        if (!KeyFilterInput.Narrows(parsed.Value))
        {
            return Error.Validation("filter", "filter must name at least one list filter: a bulk revoke of every key is refused.");
        }

        // Revoked keys are never selected: a bulk revoke acts on live keys only.
        var filter = parsed.Value.State == KeyState.Revoked ? null : parsed.Value with { IncludeRevoked = false };
        var selected = filter is null ? [] : await keys.ListForChangeAsync(command.OrganizationId, filter, BulkRevokeApiKeysCommand.MaxKeys + 1, cancellationToken);
        if (selected.Count > BulkRevokeApiKeysCommand.MaxKeys)
        {
            return Error.Validation("filter", $"filter selects more than {BulkRevokeApiKeysCommand.MaxKeys} keys; narrow it and revoke in several calls.");
        }

        var covered = selected.Where(k => guard.IsSelf(k) || guard.Covers(k)).ToList();
        if (await ownership.EnsureOwnerRemainsAsync(command.OrganizationId, covered.Count(k => k.IsOwner(now)), cancellationToken) is { } lastOwner)
        {
            return lastOwner;
        }

        if (!command.DryRun)
        {
            foreach (var key in covered)
            {
                key.Revoke(now);
                audit.Record(command.OrganizationId, AuditActions.ApiKeyRevoked, key.Id.ToString(), target: "bulk-revoke");
                await events.KeyEventAsync(WebhookEvents.ApiKeyRevoked, key, cancellationToken);
            }
        }

        return new BulkRevokeResponse(covered.Count, selected.Count - covered.Count, [.. covered.Select(k => k.Id.ToString())]);
    }

    /// <summary>The body's filter object as name and value pairs; a value that is not a string is refused by name.</summary>
    private static Result<IReadOnlyList<KeyValuePair<string, string>>> Filters(JsonObject? filter)
    {
        if (filter is null)
        {
            return Error.Validation("filter", "filter is required: an object of list filters.");
        }

        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var (name, value) in filter)
        {
            if (value is not JsonValue text || text.GetValueKind() != JsonValueKind.String)
            {
                return Error.Validation($"filter.{name}", $"filter.{name} must be a string.");
            }

            pairs.Add(KeyValuePair.Create(name, text.GetValue<string>()));
        }

        return pairs;
    }
}
