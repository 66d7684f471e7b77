using ApiKeys.Application.Abstractions;
using ApiKeys.Application.Common.Paging;
using ApiKeys.Application.Members.Common;
using ApiKeys.Domain.Common;
using Mediator;

namespace ApiKeys.Application.Members.List;

internal sealed class ListMembersHandler(IMemberRepository members) : IQueryHandler<ListMembersQuery, Result<MemberListResponse>>
{
    public async ValueTask<Result<MemberListResponse>> Handle(ListMembersQuery query, CancellationToken cancellationToken)
    {
        var page = await members.ListAsync(query.OrganizationId, ListValidation.ToPage(query.Limit, query.Cursor), cancellationToken);
        return new MemberListResponse([.. page.Items.Select(MemberMapping.ToResponse)], page.NextCursor);
    }
}
