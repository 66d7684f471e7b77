using ApiKeys.Application.Abstractions;
using ApiKeys.Application.Common.Security;
using ApiKeys.Domain.Common;
using Mediator;

namespace ApiKeys.Application.Common.Behaviors;

/// <summary>
/// Settles who calls and what they may do before the handler runs: no principal is 401, an organization the
/// caller has no part in is 404 (never 403: no existence leak), a missing permission is 403. Authorization is on
/// by default: a request that declares none (<see cref="IAuthenticatedRequest"/> or one of its kinds) is refused,
/// unless it is explicitly <see cref="IUnauthenticatedRequest"/>.
/// </summary>
public sealed class AuthorizationBehavior<TMessage, TResponse>(ICaller caller, AccessResolver resolver, AuthorizedCaller authorized)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
    where TResponse : IResult<TResponse>
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (message is IUnauthenticatedRequest and not IAuthenticatedRequest)
        {
            return await next(message, cancellationToken);
        }

        if (message is not IAuthenticatedRequest)
        {
            return TResponse.Failure(ApplicationErrors.UndeclaredAuthorization);
        }

        if (caller.Principal is not { } principal)
        {
            return TResponse.Failure(ApplicationErrors.Unauthenticated);
        }

        if (message is not IOrganizationRequest organizationRequest)
        {
            authorized.Set(principal, null);
            return await next(message, cancellationToken);
        }

        var access = await resolver.ResolveAsync(principal, organizationRequest.OrganizationId, cancellationToken);
        if (access is null)
        {
            return TResponse.Failure(ApplicationErrors.OrganizationNotFound);
        }

        if (message is IRequirePermission required && !required.IsAllowed(access, principal))
        {
            return TResponse.Failure(ApplicationErrors.MissingPermission(required.MissingPermission(access)));
        }

        authorized.Set(principal, access);
        return await next(message, cancellationToken);
    }
}
