using ApiKeys.Application.Abstractions;
using ApiKeys.Application.Common;
using ApiKeys.Domain.Common;

namespace ApiKeys.Application.Organizations.Common;

/// <summary>
/// "An organization always keeps an owner" (docs/api.md §2), for every change that takes owner principals away:
/// demoting or removing an owner member, re-roling or revoking an owner key. The organization decides
/// (<see cref="Domain.Organizations.Organization.ReleaseOwners"/>); this counts its owners and makes concurrent
/// departures conflict, so that under any interleaving at least one owner stays.
/// </summary>
public sealed class OwnershipGuard(IOrganizationRepository organizations, IMemberRepository members, IApiKeyRepository keys, TimeProvider time)
{
    /// <param name="leaving">How many owner principals the change takes away (0: nothing to check).</param>
    /// <returns><c>409 last_owner</c>, or <see langword="null"/> when owners remain.</returns>
    public async Task<Error?> EnsureOwnerRemainsAsync(OrganizationId organizationId, int leaving, CancellationToken cancellationToken)
    {
        if (leaving == 0)
        {
            return null;
        }

        // The organization (and its version) is read before the owners are counted: a departure that commits in
        // between makes this request's save fail its concurrency check instead of leaving the organization ownerless.
        var organization = await organizations.FindAsync(organizationId, cancellationToken);
        if (organization is null)
        {
            return ApplicationErrors.OrganizationNotFound;
        }

        var owners = await members.CountOwnersAsync(organizationId, cancellationToken)
            + await keys.CountOwnerKeysAsync(organizationId, time.GetUtcNow(), cancellationToken);
        var released = organization.ReleaseOwners(owners, leaving);
        return released.IsSuccess ? null : released.Error;
    }
}
