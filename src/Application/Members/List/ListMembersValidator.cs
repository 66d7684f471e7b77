using ApiKeys.Application.Common.Paging;
using FluentValidation;

namespace ApiKeys.Application.Members.List;

internal sealed class ListMembersValidator : AbstractValidator<ListMembersQuery>
{
    public ListMembersValidator() => this.ValidPage(q => q.Limit, q => q.Cursor);
}
