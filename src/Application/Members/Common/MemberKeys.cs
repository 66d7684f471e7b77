using ApiKeys.Application.Abstractions;
using ApiKeys.Application.Audit;
using ApiKeys.Application.Events;
using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Webhooks;

namespace ApiKeys.Application.Members.Common;

/// <summary>
/// The keys a member's power was handed down to (those it created and, transitively, those they created), and what
/// happens to them when the member is removed or lowered (docs/api.md §2): the ones its remaining access does not cover
/// are revoked, unless <c>key_policy.keep_keys_of_removed_members</c>. Callers hold the member's row exclusively
/// (<see cref="IRowLocks.LockMemberAsync"/>) before asking, so every key made through the member is seen.
/// </summary>
internal sealed class MemberKeys(IApiKeyRepository keys, IOrganizationRepository organizations, AuditTrail audit, EventOutbox events)
{
    /// <param name="remaining">The member's access after the change, or <see langword="null"/> when it leaves.</param>
    /// <returns>The keys to revoke; the organization's version moves when the policy decided anything.</returns>
    public async Task<IReadOnlyList<ApiKey>> LeftBehindAsync(OrganizationId organizationId, string userId, Access? remaining, CancellationToken cancellationToken)
    {
        var uncovered = (await CreatedThroughAsync(organizationId, userId, cancellationToken))
            .Where(k => remaining is null || !remaining.Covers(k.ToAccess()))
            .ToList();
        if (uncovered.Count == 0)
        {
            return [];
        }

        var organization = await organizations.FindAsync(organizationId, cancellationToken);
        organization?.ApplyKeyPolicy();
        return organization?.KeyPolicy.KeepKeysOfRemovedMembers == true ? [] : uncovered;
    }

    /// <summary>
    /// The unrevoked keys the member created and, transitively, those created by them, so power handed down through a
    /// chain of keys goes with the member too: one indexed read per generation of the chain, never the whole org.
    /// </summary>
    private async Task<List<ApiKey>> CreatedThroughAsync(OrganizationId organizationId, string userId, CancellationToken cancellationToken)
    {
        var found = new List<ApiKey>();
        var seen = new HashSet<ApiKeyId>();
        var generation = await keys.ListCreatedByAsync(organizationId, [userId], [], cancellationToken);
        while (generation.Count > 0)
        {
            var next = generation.Where(k => seen.Add(k.Id)).ToList();
            found.AddRange(next);
            generation = next.Count == 0 ? [] : await keys.ListCreatedByAsync(organizationId, [], [.. next.Select(k => k.Id.ToString())], cancellationToken);
        }

        return found;
    }

    /// <summary>Revokes the keys (domain first, then saved in bulk), each audited and evented.</summary>
    /// <returns><c>409 concurrent_update</c> when one of them changed meanwhile, else <see langword="null"/>.</returns>
    public async Task<Error?> RevokeAsync(OrganizationId organizationId, string userId, IEnumerable<ApiKey> leftBehind, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var revoked = new List<ApiKey>();
        foreach (var key in leftBehind)
        {
            if (key.Revoke(now).IsSuccess)
            {
                revoked.Add(key);
                audit.Record(organizationId, AuditActions.ApiKeyRevoked, key.Id.ToString(), target: userId);
                await events.KeyEventAsync(WebhookEvents.ApiKeyRevoked, key, cancellationToken);
            }
        }

        return await keys.SaveRevokedAsync(organizationId, revoked, now, cancellationToken) ? null : ApiKeyErrors.ConcurrentUpdate;
    }
}
