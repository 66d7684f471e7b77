using ApiKeys.Application.Organizations.Common;
using ApiKeys.Domain.Common;
using Mediator;

namespace ApiKeys.Application.Organizations.Get;

internal sealed class GetOrganizationHandler(OrganizationLookup organizations) : IQueryHandler<GetOrganizationQuery, Result<OrganizationEnvelope>>
{
    public async ValueTask<Result<OrganizationEnvelope>> Handle(GetOrganizationQuery query, CancellationToken cancellationToken) =>
        (await organizations.FindAsync(query.OrganizationId, cancellationToken)).Map(OrganizationMapping.ToEnvelope);
}
