using ApiKeys.Application.Abstractions;
using ApiKeys.Application.Common.Security;
using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Organizations;

namespace ApiKeys.Application.Common.Concurrency;

/// <summary>
/// What a change that hands out power depends on, held under shared row locks (<see cref="IRowLocks"/>) until it
/// commits, and read again under them: the apps a binding names, and the member whose power a new key derives from.
/// The change that removes them (deleting the app, removing or lowering the member) takes the same rows exclusively
/// first, so either it sees this change and undoes it, or this change sees it and fails. Apps are locked before members.
/// </summary>
public sealed class DependencyLocks(IRowLocks locks, AuthorizedCaller caller, IApiKeyRepository keys, IMemberRepository members)
{
    /// <summary>A key chain deeper than this is not walked to its root (none is made by the service; a bound, not a rule).</summary>
    private const int MaxChainDepth = 64;

    private static readonly Func<ApiKey, bool> Nothing = _ => false;

    public static Error CreatorChanged { get; } =
        Error.Conflict("concurrent_update", "The caller was removed, lowered or revoked by another request meanwhile; the key was not created.");

    /// <returns><c>404 app_not_found</c> when an app the binding names was deleted meanwhile, else <see langword="null"/>.</returns>
    public async Task<Error?> HoldAppsAsync(OrganizationId organizationId, IEnumerable<string> appIds, CancellationToken cancellationToken) =>
        (await GoneAppsAsync(organizationId, appIds, cancellationToken)).Count == 0 ? null : OrganizationErrors.AppNotFound;

    /// <summary>
    /// The key about to be created depends on its apps and on its creator's power: a user caller must still be a member
    /// covering it; a key caller must still be unrevoked, and the member at the root of its chain of creators is
    /// held, since removing or lowering that member revokes the whole chain.
    /// </summary>
    /// <returns><c>404 app_not_found</c> or <c>409 concurrent_update</c>, or <see langword="null"/> when the key may be added.</returns>
    public async Task<Error?> HoldForCreationAsync(ApiKey created, CancellationToken cancellationToken) =>
        (await HoldForCreationAsync([created], cancellationToken))[0];

    /// <summary>
    /// <see cref="HoldForCreationAsync(ApiKey, CancellationToken)"/> for keys of one organization made by the same
    /// caller in one request (an import): each app and the creator are held and read once, whatever the number of keys.
    /// </summary>
    /// <returns>For each key, in order, its error or <see langword="null"/>.</returns>
    public async Task<Error?[]> HoldForCreationAsync(IReadOnlyList<ApiKey> created, CancellationToken cancellationToken)
    {
        var refusals = new Error?[created.Count];
        if (created.Count == 0)
        {
            return refusals;
        }

        var organizationId = created[0].OrganizationId;
        var gone = await GoneAppsAsync(organizationId, created.SelectMany(k => k.Grant.AppIds), cancellationToken);
        var mayMake = await CreatorMayMakeAsync(organizationId, cancellationToken);
        for (var i = 0; i < created.Count; i++)
        {
            refusals[i] = created[i].Grant.AppIds.Any(gone.Contains) ? OrganizationErrors.AppNotFound
                : mayMake(created[i]) ? null
                : CreatorChanged;
        }

        return refusals;
    }

    /// <summary>Holds each app shared, in a fixed order; the ones deleted meanwhile.</summary>
    private async Task<HashSet<string>> GoneAppsAsync(OrganizationId organizationId, IEnumerable<string> appIds, CancellationToken cancellationToken)
    {
        var gone = new HashSet<string>(StringComparer.Ordinal);
        foreach (var appId in appIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            if (!await locks.ShareAppAsync(organizationId, appId, cancellationToken))
            {
                gone.Add(appId);
            }
        }

        return gone;
    }

    /// <summary>
    /// What the caller may still make, read once under the locks: a member, what its access covers; a key caller that
    /// is still unrevoked, what its request was authorized for (its power cannot change while it is unrevoked); a
    /// caller gone meanwhile, nothing.
    /// </summary>
    private async Task<Func<ApiKey, bool>> CreatorMayMakeAsync(OrganizationId organizationId, CancellationToken cancellationToken)
    {
        var principal = caller.Principal;
        if (!principal.IsKey)
        {
            if (!await locks.ShareMemberAsync(organizationId, principal.Id, cancellationToken))
            {
                return Nothing;
            }

            var member = await members.FindAsync(organizationId, principal.Id, cancellationToken);
            if (member is null)
            {
                return Nothing;
            }

            var access = member.ToAccess();
            return key => access.Covers(key.ToAccess());
        }

        if (!ApiKeyId.TryParse(principal.Id, out var callerId))
        {
            return Nothing;
        }

        // Who created a key never changes, so the chain may be walked before the lock; the caller's state is read after it.
        if (await RootMemberAsync(organizationId, callerId, cancellationToken) is { } root)
        {
            await locks.ShareMemberAsync(organizationId, root, cancellationToken);
        }

        return await keys.IsUnrevokedAsync(organizationId, callerId, cancellationToken) ? _ => true : Nothing;
    }

    /// <summary>The user who created the first key of <paramref name="keyId"/>'s chain of creators, if a user did.</summary>
    private async Task<string?> RootMemberAsync(OrganizationId organizationId, ApiKeyId keyId, CancellationToken cancellationToken)
    {
        var current = keyId;
        for (var depth = 0; depth < MaxChainDepth; depth++)
        {
            var key = await keys.FindAsync(organizationId, current, cancellationToken);
            if (key is null)
            {
                return null;
            }

            if (key.CreatedByUserId is { } userId)
            {
                return userId;
            }

            if (!ApiKeyId.TryParse(key.CreatedByKeyId, out current))
            {
                return null;
            }
        }

        return null;
    }
}
