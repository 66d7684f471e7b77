using ApiKeys.Domain.Common;

namespace ApiKeys.Application.Abstractions;

/// <summary>
/// The opaque <c>key-changes</c> cursor (docs/api.md §2, "Cursors reveal nothing about other organizations"): the feed
/// position is shared by every organization, so a cursor that showed it would count other tenants' changes. A cursor
/// is the position sealed (encrypted and authenticated) for one organization, fresh each time it is issued: a
/// follower cannot read it, compare two of them, forge one, or use one issued to another organization.
/// </summary>
public interface IKeyChangeCursors
{
    string Issue(OrganizationId organizationId, long position);

    /// <returns><see langword="false"/> for anything this service did not issue to <paramref name="organizationId"/>.</returns>
    bool TryRead(OrganizationId organizationId, string? cursor, out long position);
}
