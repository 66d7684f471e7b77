using ApiKeys.Application.Abstractions;
using ApiKeys.Application.Common;
using ApiKeys.Application.Common.Security;
using ApiKeys.Application.Me.Common;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;
using Mediator;

namespace ApiKeys.Application.Me.Get;

internal sealed class GetMeHandler(IMemberRepository members, AuthorizedCaller caller) : IQueryHandler<GetMeQuery, Result<MeResponse>>
{
    private const string UserType = MeDescriber.UserType;
    private const string ApiKeyType = MeDescriber.ApiKeyType;

    public async ValueTask<Result<MeResponse>> Handle(GetMeQuery query, CancellationToken cancellationToken)
    {
        var principal = caller.Principal;
        if (principal.IsKey)
        {
            // A key belongs to one organization; naming another is the 404 any foreign organization gets.
            return query.OrganizationId is { } asked && asked != principal.KeyOrganizationId
                ? ApplicationErrors.OrganizationNotFound
                : Describe(ApiKeyType, principal.Id, principal.KeyOrganizationId, principal.KeyAccess!);
        }

        if (query.OrganizationId is { } organizationId)
        {
            var member = await members.FindAsync(organizationId, principal.Id, cancellationToken);
            return member is null
                ? ApplicationErrors.OrganizationNotFound
                : Describe(UserType, principal.Id, organizationId, member.ToAccess());
        }

        var memberships = await members.ListForUserAsync(principal.Id, cancellationToken);
        return memberships.Count == 1
            ? Describe(UserType, principal.Id, memberships[0].OrganizationId, memberships[0].ToAccess())
            : Describe(UserType, principal.Id, null, Access.None);
    }

    private static MeResponse Describe(string type, string id, OrganizationId? organizationId, Access access) =>
        MeDescriber.Describe(type, id, organizationId, access);
}
