using ApiKeys.Application.ApiKeys.Common;

namespace ApiKeys.Application.Members.Common;

/// <summary>The contract's <c>member</c> object (docs/api.md §3): roles as bodies write them (<c>owner</c>, <c>reader</c>).</summary>
public sealed record MemberResponse(string UserId, string OrganizationId, string OrgRole, IReadOnlyList<AppRoleResponse> AppRoles, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary><c>{"member": {...}}</c>.</summary>
public sealed record MemberEnvelope(MemberResponse Member);

public sealed record MemberListResponse(IReadOnlyList<MemberResponse> Members, string? NextCursor);

public sealed record RemovedResponse(bool Removed);
