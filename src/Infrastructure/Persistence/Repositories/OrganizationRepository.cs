using ApiKeys.Application.Abstractions;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Organizations;
using Microsoft.EntityFrameworkCore;

namespace ApiKeys.Infrastructure.Persistence.Repositories;

internal sealed class OrganizationRepository(DbSession session) : IOrganizationRepository
{
    public Task<Organization?> FindAsync(OrganizationId id, CancellationToken cancellationToken) =>
        session.Db.Organizations.FirstOrDefaultAsync(o => o.Id == id, cancellationToken);

    public Task<bool> AnyAsync(CancellationToken cancellationToken) => session.Db.Organizations.AnyAsync(cancellationToken);

    public void Add(Organization organization) => session.Db.Organizations.Add(organization);
}
