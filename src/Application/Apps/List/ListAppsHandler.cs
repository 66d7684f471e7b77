using ApiKeys.Application.Abstractions;
using ApiKeys.Application.Apps.Common;
using ApiKeys.Application.Common.Paging;
using ApiKeys.Application.Common.Security;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Organizations;
using Mediator;

namespace ApiKeys.Application.Apps.List;

internal sealed class ListAppsHandler(IAppRepository apps, AuthorizedCaller caller) : IQueryHandler<ListAppsQuery, Result<AppListResponse>>
{
    public async ValueTask<Result<AppListResponse>> Handle(ListAppsQuery query, CancellationToken cancellationToken)
    {
        // Filter after reading: fetch pages until this one is full or the apps run out. The cursor handed back is
        // the last app returned, so the next request resumes right after it, past any hidden apps before it.
        var request = ListValidation.ToPage(query.Limit, query.Cursor);
        var visible = new List<AppResponse>(request.Limit);
        var next = request.Cursor;
        do
        {
            var page = await apps.ListAsync(query.OrganizationId, request with { Cursor = next }, cancellationToken);
            for (var i = 0; i < page.Items.Count; i++)
            {
                var app = page.Items[i];
                if (!caller.Access.HasAppPermission(app.AppId, Permission.AppRead))
                {
                    continue;
                }

                visible.Add(AppMapping.ToResponse(app));
                if (visible.Count == request.Limit)
                {
                    var more = i < page.Items.Count - 1 || page.NextCursor is not null;
                    return new AppListResponse(visible, more ? CursorAfter(app) : null);
                }
            }

            next = page.NextCursor;
        }
        while (next is not null);

        return new AppListResponse(visible, null);
    }

    private static string CursorAfter(App app) => new Cursor(app.CreatedAt, app.AppId).Encode();
}
