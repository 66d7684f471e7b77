using ApiKeys.Application.Common.Security;
using ApiKeys.Application.Members.Common;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;
using Mediator;

namespace ApiKeys.Application.Members.List;

public sealed record ListMembersQuery(OrganizationId OrganizationId, string? Cursor, int? Limit) : IQuery<Result<MemberListResponse>>, IRequirePermission
{
    public string RequiredPermission => Permission.OrgReadMembers;
}
