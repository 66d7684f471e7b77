using ApiKeys.Application.ApiKeys.Common;
using ApiKeys.Application.Common;
using ApiKeys.Domain.Organizations;

namespace ApiKeys.Application.Members.Common;

public sealed record MemberResponse(string UserId, string OrganizationId, string OrgRole, IReadOnlyList<AppRoleResponse> AppRoles, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static MemberResponse From(Member member) =>
        new(member.UserId, member.OrganizationId.ToString(), RoleNames.OrgRole(member.OrgRole), RoleNames.AppRoles(member.AppRoles), member.CreatedAt, member.UpdatedAt);
}

public sealed record MemberEnvelope(MemberResponse Member);

public sealed record MemberListResponse(IReadOnlyList<MemberResponse> Members, string? NextCursor);

public sealed record RemovedResponse(bool Removed);
