using ApiKeys.Application.Abstractions;
using ApiKeys.Application.Common.Paging;
using ApiKeys.Application.Common.Security;
using ApiKeys.Application.Members.Common;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;
using FluentValidation;
using Mediator;

namespace ApiKeys.Application.Members.List;

public sealed record ListMembersQuery(OrganizationId OrganizationId, string? Cursor, int? Limit) : IQuery<Result<MemberListResponse>>, IRequirePermission
{
    public string RequiredPermission => Permission.OrgReadMembers;
}

internal sealed class ListMembersValidator : AbstractValidator<ListMembersQuery>
{
    public ListMembersValidator() => this.ValidPage(q => q.Limit, q => q.Cursor);
}

internal sealed class ListMembersHandler(IMemberRepository members) : IQueryHandler<ListMembersQuery, Result<MemberListResponse>>
{
    public async ValueTask<Result<MemberListResponse>> Handle(ListMembersQuery query, CancellationToken cancellationToken)
    {
        var page = await members.ListAsync(query.OrganizationId, ListValidation.ToPage(query.Limit, query.Cursor), cancellationToken);
        return new MemberListResponse([.. page.Items.Select(MemberResponse.From)], page.NextCursor);
    }
}
