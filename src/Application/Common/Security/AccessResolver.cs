using ApiKeys.Application.Abstractions;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;

namespace ApiKeys.Application.Common.Security;

/// <summary>Finds a principal's access in an organization: a key's own (settled at authentication), a user's membership.</summary>
public sealed class AccessResolver(IMemberRepository members)
{
    /// <returns><see langword="null"/> when the principal has nothing to do with the organization.</returns>
    public async Task<Access?> ResolveAsync(Principal principal, OrganizationId organizationId, CancellationToken cancellationToken)
    {
        if (principal.IsKey)
        {
            return principal.KeyOrganizationId == organizationId ? principal.KeyAccess : null;
        }

        var member = await members.FindAsync(organizationId, principal.Id, cancellationToken);
        return member?.ToAccess();
    }
}
