using ApiKeys.Application.Common;
using ApiKeys.Domain.Organizations;

namespace ApiKeys.Application.Members.Common;

/// <summary>Hand-written: the role fields are catalog names turned into body names by <see cref="RoleNames"/>.</summary>
internal static class MemberMapping
{
    public static MemberResponse ToResponse(Member member) =>
        new(member.UserId, member.OrganizationId.ToString(), RoleNames.OrgRole(member.OrgRole), RoleNames.AppRoles(member.AppRoles), member.CreatedAt, member.UpdatedAt);

    public static MemberEnvelope ToEnvelope(Member member) => new(ToResponse(member));
}
