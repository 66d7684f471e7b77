using ApiKeys.Application.Abstractions;
using ApiKeys.Application.ApiKeys.Common;
using ApiKeys.Application.Common;
using ApiKeys.Application.Common.Security;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;
using Mediator;

namespace ApiKeys.Application.Me.Get;

/// <summary>
/// Who am I, and what may I do. A key answers for its own organization; a user for <see cref="OrganizationId"/>,
/// or for its only organization when it has exactly one.
/// </summary>
public sealed record GetMeQuery(OrganizationId? OrganizationId) : IQuery<Result<MeResponse>>, IAuthenticatedRequest;

public sealed record MeResponse(string PrincipalType, string Id, string? OrganizationId, string OrgRole, IReadOnlyList<AppRoleResponse> AppRoles, IReadOnlyList<string> Permissions);

internal sealed class GetMeHandler(IMemberRepository members, AuthorizedCaller caller) : IQueryHandler<GetMeQuery, Result<MeResponse>>
{
    public async ValueTask<Result<MeResponse>> Handle(GetMeQuery query, CancellationToken cancellationToken)
    {
        var principal = caller.Principal;
        if (principal.IsKey)
        {
            return query.OrganizationId is { } asked && asked != principal.KeyOrganizationId
                ? ApplicationErrors.OrganizationNotFound
                : Describe("api_key", principal.Id, principal.KeyOrganizationId, principal.KeyAccess!);
        }

        if (query.OrganizationId is { } organizationId)
        {
            var member = await members.FindAsync(organizationId, principal.Id, cancellationToken);
            return member is null ? ApplicationErrors.OrganizationNotFound : Describe("user", principal.Id, organizationId, member.ToAccess());
        }

        var memberships = await members.ListForUserAsync(principal.Id, cancellationToken);
        return memberships.Count == 1
            ? Describe("user", principal.Id, memberships[0].OrganizationId, memberships[0].ToAccess())
            : Describe("user", principal.Id, null, Access.None);
    }

    private static MeResponse Describe(string type, string id, OrganizationId? organizationId, Access access) =>
        new(type, id, organizationId?.ToString(), RoleNames.OrgRole(access.OrgRole), RoleNames.AppRoles(access.AppRoles), access.Describe());
}
