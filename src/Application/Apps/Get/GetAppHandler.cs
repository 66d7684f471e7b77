using ApiKeys.Application.Abstractions;
using ApiKeys.Application.Apps.Common;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Organizations;
using Mediator;

namespace ApiKeys.Application.Apps.Get;

internal sealed class GetAppHandler(IAppRepository apps) : IQueryHandler<GetAppQuery, Result<AppEnvelope>>
{
    public async ValueTask<Result<AppEnvelope>> Handle(GetAppQuery query, CancellationToken cancellationToken) =>
        await apps.FindAsync(query.OrganizationId, query.AppId, cancellationToken) is { } app
            ? AppMapping.ToEnvelope(app)
            : OrganizationErrors.AppNotFound;
}
