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
