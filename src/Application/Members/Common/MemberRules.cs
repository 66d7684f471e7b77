using ApiKeys.Application.Abstractions;
using ApiKeys.Application.Common;
using ApiKeys.Application.Common.Security;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Organizations;

namespace ApiKeys.Application.Members.Common;

/// <summary>What changing or removing a member's roles must respect: only an owner-level caller touches owners, and the last owner stays.</summary>
internal static class MemberRules
{
    public static async Task<Error?> CheckOwnerChangeAsync(IMemberRepository members, AuthorizedCaller caller, Member existing, bool remainsOwner, CancellationToken cancellationToken)
    {
        if (!existing.IsOwner || remainsOwner)
        {
            return null;
        }

        if (!caller.Access.CanGrant(Roles.OrgOwner, []))
        {
            return ApplicationErrors.Escalation;
        }

        return await members.CountOwnersAsync(existing.OrganizationId, cancellationToken) <= 1 ? OrganizationErrors.LastOwner : null;
    }
}
