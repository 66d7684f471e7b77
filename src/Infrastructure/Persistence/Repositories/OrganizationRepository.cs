using ApiKeys.Application.Abstractions;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Organizations;
using Microsoft.EntityFrameworkCore;

namespace ApiKeys.Infrastructure.Persistence.Repositories;

internal sealed class OrganizationRepository(AppDbContext db) : IOrganizationRepository
{
    public Task<Organization?> FindAsync(OrganizationId id, CancellationToken cancellationToken) =>
        db.Organizations.FirstOrDefaultAsync(o => o.Id == id, cancellationToken);

    public Task<bool> AnyAsync(CancellationToken cancellationToken) => db.Organizations.AnyAsync(cancellationToken);

    public void Add(Organization organization) => db.Organizations.Add(organization);
}
