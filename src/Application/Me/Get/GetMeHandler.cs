using ApiKeys.Application.Common.Security;
using ApiKeys.Application.Me.Common;
using ApiKeys.Domain.Common;
using Mediator;

namespace ApiKeys.Application.Me.Get;

internal sealed class GetMeHandler(AccessResolver access, AuthorizedCaller caller) : IQueryHandler<GetMeQuery, Result<MeResponse>>
{
    public async ValueTask<Result<MeResponse>> Handle(GetMeQuery query, CancellationToken cancellationToken)
    {
        var principal = caller.Principal;
        var context = await access.ResolveContextAsync(principal, query.OrganizationId, cancellationToken);
        if (!context.IsSuccess)
        {
            return context.Error!;
        }

        var type = principal.IsKey ? MeDescriber.ApiKeyType : MeDescriber.UserType;
        return MeDescriber.Describe(type, principal.Id, context.Value.OrganizationId, context.Value.Access);
    }
}
