using ApiKeys.Application.Abstractions;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;

namespace ApiKeys.Application.Common.Security;

/// <summary>Finds a principal's access in an organization: a key's own (settled at authentication), a user's membership.</summary>
public sealed class AccessResolver(IMemberRepository members, IApiKeyRepository keys)
{
    /// <returns><see langword="null"/> when the principal has nothing to do with the organization.</returns>
    public async Task<Access?> ResolveAsync(Principal principal, OrganizationId organizationId, CancellationToken cancellationToken)
    {
        if (principal.IsKey)
        {
            var access = OfKey(principal, organizationId);
            if (access?.Limits.Credits is not null && ApiKeyId.TryParse(principal.Id, out var keyId))
            {
                // Verify takes credits without evicting the cached key: a key with credits is read again, so that what it
                // covers is bounded by what it has left now (governance is power too), not when it was cached.
                return (await keys.FindAsync(organizationId, keyId, cancellationToken))?.ToAccess() ?? access;
            }

            return access;
        }

        var member = await members.FindAsync(organizationId, principal.Id, cancellationToken);
        return member?.ToAccess();
    }

    /// <summary>A key's access: its own, in its own organization only; <see langword="null"/> for a user or another organization.</summary>
    public static Access? OfKey(Principal principal, OrganizationId organizationId) =>
        principal.IsKey && principal.KeyOrganizationId == organizationId ? principal.KeyAccess : null;

    /// <summary>
    /// The organization a request about the caller itself (<c>/v1/me</c>, <c>/v1/roles</c>) answers for: a key's own;
    /// for a user, <paramref name="asked"/>, or its only organization when it has exactly one, else none (no access).
    /// An organization the caller has no part in is the 404 any foreign organization gets.
    /// </summary>
    public async Task<Result<CallerContext>> ResolveContextAsync(Principal principal, OrganizationId? asked, CancellationToken cancellationToken)
    {
        if (principal.IsKey)
        {
            return asked is { } other && other != principal.KeyOrganizationId
                ? ApplicationErrors.OrganizationNotFound
                : new CallerContext(principal.KeyOrganizationId, principal.KeyAccess!);
        }

        if (asked is { } organizationId)
        {
            var member = await members.FindAsync(organizationId, principal.Id, cancellationToken);
            return member is null ? ApplicationErrors.OrganizationNotFound : new CallerContext(organizationId, member.ToAccess());
        }

        var memberships = await members.ListForUserAsync(principal.Id, cancellationToken);
        return memberships.Count == 1
            ? new CallerContext(memberships[0].OrganizationId, memberships[0].ToAccess())
            : new CallerContext(null, Access.None);
    }
}

/// <summary>The organization a caller acts in (none for a user with no single organization) and its access there.</summary>
public sealed record CallerContext(OrganizationId? OrganizationId, Access Access);
