using ApiKeys.Application.Common.Paging;
using FluentValidation;

namespace ApiKeys.Application.Apps.List;

internal sealed class ListAppsValidator : AbstractValidator<ListAppsQuery>
{
    public ListAppsValidator() => this.ValidPage(q => q.Limit, q => q.Cursor);
}
