using ApiKeys.Application.Abstractions;
using ApiKeys.Application.KeyChecking;
using ApiKeys.Application.Common;
using ApiKeys.Application.Common.Security;
using ApiKeys.Domain.Common;
using Mediator;

namespace ApiKeys.Application.Verification.Verify;

internal sealed class VerifyKeyHandler(IKeyVerifier verifier, IAppDirectory apps, AuthorizedCaller caller) : IQueryHandler<VerifyKeyQuery, Result<VerifyKeyResponse>>
{
    public async ValueTask<Result<VerifyKeyResponse>> Handle(VerifyKeyQuery query, CancellationToken cancellationToken)
    {
        // Failed verifications spend the budget of the end client when the service names it, else the service's own.
        var budgetPartition = query.ClientIp ?? "verifier:" + caller.Principal.Id;
        var check = await verifier.VerifyAsync(query.Key!, budgetPartition, cancellationToken);
        if (check.Status == KeyCheckStatus.Unavailable)
        {
            return ApplicationErrors.Overloaded(check.RetryAfter ?? TimeSpan.FromSeconds(1));
        }

        // Another organization's key answers exactly as an unknown one: a verifier learns nothing of other tenants.
        if (check.Status != KeyCheckStatus.RateLimited && check.KeyOrganizationId != query.OrganizationId)
        {
            return VerifyKeyResponse.Invalid(KeyCheckStatus.NotFound);
        }

        if (check.Key is not { } key)
        {
            return VerifyKeyResponse.Invalid(check.Status);
        }

        // App ids are per organization: an app the organization does not have grants nothing.
        var appKnown = query.AppId is null || await apps.ExistsAsync(query.OrganizationId, query.AppId, cancellationToken);
        var requested = query.Permissions ?? [];
        var allowed = appKnown && (query.AppId is null
            ? requested.All(p => key.Access.Has(p))
            // Naming an app with no permission asks "may it touch this app at all".
            : requested.Count == 0 ? key.Access.PermissionsOn(query.AppId).Count > 0 : requested.All(p => key.Access.Has(p, query.AppId)));
        var status = allowed ? KeyCheckStatus.Valid : KeyCheckStatus.Forbidden;
        return new VerifyKeyResponse(
            allowed,
            VerifyKeyResponse.CodeOf(status),
            key.Id.ToString(),
            key.OrganizationId.ToString(),
            key.ProjectId,
            appKnown ? key.Access.Describe(query.AppId) : [.. key.Access.OrgPermissions.Order(StringComparer.Ordinal)],
            key.ExpiresAt);
    }
}
