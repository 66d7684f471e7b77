using ApiKeys.Application.Abstractions;
using ApiKeys.Application.Common;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Organizations;

namespace ApiKeys.Application.Organizations.Common;

/// <summary>Loads the organization a request acts on (its key policy for create, regenerate and a new expiry), or <c>404</c>.</summary>
public sealed class OrganizationLookup(IOrganizationRepository organizations)
{
    public async Task<Result<Organization>> FindAsync(OrganizationId organizationId, CancellationToken cancellationToken) =>
        await organizations.FindAsync(organizationId, cancellationToken) is { } organization ? organization : ApplicationErrors.OrganizationNotFound;
}
