using ApiKeys.Application.Abstractions;
using ApiKeys.Application.Common;
using ApiKeys.Application.Common.Security;
using ApiKeys.Application.Organizations.Common;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;
using Mediator;

namespace ApiKeys.Application.Organizations.Get;

public sealed record GetOrganizationQuery(OrganizationId OrganizationId) : IQuery<Result<OrganizationEnvelope>>, IRequirePermission
{
    public string RequiredPermission => Permission.OrgRead;
}

internal sealed class GetOrganizationHandler(IOrganizationRepository organizations) : IQueryHandler<GetOrganizationQuery, Result<OrganizationEnvelope>>
{
    public async ValueTask<Result<OrganizationEnvelope>> Handle(GetOrganizationQuery query, CancellationToken cancellationToken) =>
        await organizations.FindAsync(query.OrganizationId, cancellationToken) is { } organization
            ? OrganizationMapping.ToEnvelope(organization)
            : ApplicationErrors.OrganizationNotFound;
}
