using ApiKeys.Application.Abstractions;
using ApiKeys.Domain.Audit;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;

namespace ApiKeys.Application.Common.Security;

/// <summary>
/// The caller of the request being handled, with its access in the request's organization, as settled by the
/// authorization behavior. Handlers read it for escalation checks and the audit trail.
/// </summary>
public sealed class AuthorizedCaller
{
    private Principal? _principal;
    private Access? _access;

    public Principal Principal => _principal ?? throw new InvalidOperationException("The request was not authorized.");

    public Access Access => _access ?? throw new InvalidOperationException("The request has no organization.");

    public Actor Actor => Principal.ToActor();

    internal void Set(Principal principal, Access? access)
    {
        _principal = principal;
        _access = access;
    }
}
