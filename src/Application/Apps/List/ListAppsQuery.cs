using ApiKeys.Application.Abstractions;
using ApiKeys.Application.Apps.Common;
using ApiKeys.Application.Common.Paging;
using ApiKeys.Application.Common.Security;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;
using FluentValidation;
using Mediator;

namespace ApiKeys.Application.Apps.List;

/// <summary>The apps the caller may read: allowed to anyone holding <c>app.read</c> on at least one app.</summary>
public sealed record ListAppsQuery(OrganizationId OrganizationId, string? Cursor, int? Limit) : IQuery<Result<AppListResponse>>, IRequirePermission
{
    public string RequiredPermission => Permission.AppRead;

    public bool IsAllowed(Access access) => access.HasOnSomeApp(Permission.AppRead);
}

internal sealed class ListAppsValidator : AbstractValidator<ListAppsQuery>
{
    public ListAppsValidator() => this.ValidPage(q => q.Limit, q => q.Cursor);
}

internal sealed class ListAppsHandler(IAppRepository apps, AuthorizedCaller caller) : IQueryHandler<ListAppsQuery, Result<AppListResponse>>
{
    public async ValueTask<Result<AppListResponse>> Handle(ListAppsQuery query, CancellationToken cancellationToken)
    {
        // Filter after reading, page by page, until the page is full or the apps run out.
        var request = ListValidation.ToPage(query.Limit, query.Cursor);
        var visible = new List<AppResponse>();
        string? next = request.Cursor;
        do
        {
            var page = await apps.ListAsync(query.OrganizationId, request with { Cursor = next }, cancellationToken);
            foreach (var app in page.Items)
            {
                if (caller.Access.HasAppPermission(app.AppId, Permission.AppRead))
                {
                    visible.Add(AppMapping.ToResponse(app));
                }

                if (visible.Count == request.Limit)
                {
                    var last = app;
                    var more = !ReferenceEquals(app, page.Items[^1]) || page.NextCursor is not null;
                    return new AppListResponse(visible, more ? new Cursor(last.CreatedAt, last.AppId).Encode() : null);
                }
            }

            next = page.NextCursor;
        }
        while (next is not null);

        return new AppListResponse(visible, null);
    }
}
