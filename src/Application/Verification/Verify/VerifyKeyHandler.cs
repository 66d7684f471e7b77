using ApiKeys.Application.Authentication;
using ApiKeys.Application.Common;
using ApiKeys.Domain.Common;
using Mediator;

namespace ApiKeys.Application.Verification.Verify;

internal sealed class VerifyKeyHandler(IKeyVerifier verifier) : IQueryHandler<VerifyKeyQuery, Result<VerifyKeyResponse>>
{
    public async ValueTask<Result<VerifyKeyResponse>> Handle(VerifyKeyQuery query, CancellationToken cancellationToken)
    {
        var check = await verifier.VerifyAsync(query.Key!, query.ClientAddress, cancellationToken);
        if (check.Status == KeyCheckStatus.Unavailable)
        {
            return ApplicationErrors.Overloaded;
        }

        if (check.Key is not { } key)
        {
            return VerifyKeyResponse.Invalid(check.Status);
        }

        var requested = query.Permissions ?? [];
        var allowed = query.AppId is null
            ? requested.All(p => key.Access.Has(p))
            // Naming an app with no permission asks "may it touch this app at all".
            : requested.Count == 0 ? key.Access.PermissionsOn(query.AppId).Count > 0 : requested.All(p => key.Access.Has(p, query.AppId));
        var status = allowed ? KeyCheckStatus.Valid : KeyCheckStatus.Forbidden;
        return new VerifyKeyResponse(
            allowed,
            VerifyKeyResponse.CodeOf(status),
            key.Id.ToString(),
            key.OrganizationId.ToString(),
            key.ProjectId,
            key.Access.Describe(query.AppId),
            key.ExpiresAt);
    }
}
