using ApiKeys.Application.Abstractions;
using ApiKeys.Application.Apps.Common;
using ApiKeys.Application.Common.Security;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;
using Mediator;

namespace ApiKeys.Application.Apps.List;

/// <summary>The apps the caller may read; allowed to anyone holding <c>app.read</c> on at least one app.</summary>
public sealed record ListAppsQuery(OrganizationId OrganizationId, string? Cursor, int? Limit) : IQuery<Result<AppListResponse>>, IRequirePermission
{
    public string RequiredPermission => Permission.AppRead;

    public bool IsAllowed(Access access, Principal principal) => access.HasOnSomeApp(Permission.AppRead);
}
