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
    /// <summary>The user id is the identity provider's <c>sub</c>, verbatim: 1 to 255 characters, not blank, no control characters.</summary>
    public static bool IsValidUserId(string? userId) =>
        userId is { Length: > 0 and <= Member.UserIdMaxLength } && !string.IsNullOrWhiteSpace(userId) && !userId.Any(char.IsControl);

    /// <param name="remainsOwner">Whether the member is still an owner after the change.</param>
    /// <returns>403 when the caller could not grant <c>org_owner</c> itself, 409 for the last owner; otherwise <see langword="null"/>.</returns>
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
