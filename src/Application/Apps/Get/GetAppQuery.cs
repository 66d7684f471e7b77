using ApiKeys.Application.Abstractions;
using ApiKeys.Application.Apps.Common;
using ApiKeys.Application.Common.Security;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Organizations;
using Mediator;

namespace ApiKeys.Application.Apps.Get;

public sealed record GetAppQuery(OrganizationId OrganizationId, string AppId) : IQuery<Result<AppEnvelope>>, IRequirePermission
{
    public string RequiredPermission => Permission.AppRead;

    public string? RequiredAppId => AppId;
}

internal sealed class GetAppHandler(IAppRepository apps) : IQueryHandler<GetAppQuery, Result<AppEnvelope>>
{
    public async ValueTask<Result<AppEnvelope>> Handle(GetAppQuery query, CancellationToken cancellationToken) =>
        await apps.FindAsync(query.OrganizationId, query.AppId, cancellationToken) is { } app
            ? new AppEnvelope(AppMapping.ToResponse(app))
            : OrganizationErrors.AppNotFound;
}
