using System.Net;
using ApiKeys.Application.Abstractions;
using ApiKeys.Application.KeyChecking;
using ApiKeys.Application.Common;
using ApiKeys.Application.Common.Security;
using ApiKeys.Domain.Common;
using Mediator;

namespace ApiKeys.Application.Verification.Verify;

/// <summary>
/// Contract §5 with the governance of §9. The checks run cheapest first and nothing is taken for a refusal an
/// earlier check already knows: the token (cached: no I/O), <c>DISABLED</c> and <c>IP_NOT_ALLOWED</c> (from the
/// cached policy), <c>FORBIDDEN</c> (the app directory, cached), <c>RATE_LIMITED</c> (takes <c>cost</c> from every
/// limit, all or nothing), and last <c>USAGE_EXCEEDED</c> (takes the credits in the database), so a refused
/// verification never burns credits. A key without governance skips all of it.
/// </summary>
internal sealed class VerifyKeyHandler(
    IKeyVerifier verifier,
    IAppDirectory apps,
    AuthorizedCaller caller,
    IKeyRateLimiter limiter,
    ICreditLedger credits,
    IUsageCounter? usage = null)
    : IQueryHandler<VerifyKeyQuery, Result<VerifyKeyResponse>>
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

        var policy = key.Policy;
        if (!policy.Enabled)
        {
            return Answer(key, KeyCheckStatus.Disabled, query.AppId, appKnown: true);
        }

        // A key limited to networks is refused when the service does not say where its client is: fail closed.
        if (!policy.AllowedCidrs.IsEmpty && !policy.AllowedCidrs.Allows(query.ClientIp is { } ip && IPAddress.TryParse(ip, out var address) ? address : null))
        {
            return Answer(key, KeyCheckStatus.IpNotAllowed, query.AppId, appKnown: true);
        }

        // App ids are per organization: an app the organization does not have grants nothing.
        var appKnown = query.AppId is null || await apps.ExistsAsync(query.OrganizationId, query.AppId, cancellationToken);
        var requested = query.Permissions ?? [];
        var allowed = appKnown && (query.AppId is null
            ? requested.All(p => key.Access.Has(p))
            // Naming an app with no permission asks "may it touch this app at all".
            : requested.Count == 0 ? key.Access.PermissionsOn(query.AppId).Count > 0 : requested.All(p => key.Access.Has(p, query.AppId)));
        if (!allowed)
        {
            return Answer(key, KeyCheckStatus.Forbidden, query.AppId, appKnown);
        }

        var cost = query.Cost ?? 1;
        RateLimitVerdict? limits = null;
        if (policy.RateLimits.Count > 0)
        {
            limits = await limiter.TakeAsync(key.Id, policy.RateLimits, cost, cancellationToken);
            if (!limits.Allowed)
            {
                return Answer(key, KeyCheckStatus.RateLimited, query.AppId, appKnown, limits);
            }
        }

        CreditTake? taken = null;
        if (policy.Credits is { } keyCredits)
        {
            taken = await credits.TakeAsync(key.Id, cost, keyCredits.Refill?.Interval, cancellationToken);
            if (!taken.Taken)
            {
                return Answer(key, KeyCheckStatus.UsageExceeded, query.AppId, appKnown, limits, taken);
            }
        }

        return Answer(key, KeyCheckStatus.Valid, query.AppId, appKnown, limits, taken);
    }

    private VerifyKeyResponse Answer(AuthenticatedKey key, KeyCheckStatus status, string? appId, bool appKnown, RateLimitVerdict? limits = null, CreditTake? taken = null)
    {
        usage?.Record(key.Id, status switch
        {
            KeyCheckStatus.Valid => UsageOutcome.Valid,
            KeyCheckStatus.RateLimited => UsageOutcome.RateLimited,
            KeyCheckStatus.UsageExceeded => UsageOutcome.UsageExceeded,
            _ => UsageOutcome.Rejected,
        });
        var tightest = limits?.Tightest;
        return new VerifyKeyResponse(
            status == KeyCheckStatus.Valid,
            VerifyKeyResponse.CodeOf(status),
            key.Id.ToString(),
            key.OrganizationId.ToString(),
            key.ProjectId,
            appKnown ? key.Access.Describe(appId) : [.. key.Access.OrgPermissions.Order(StringComparer.Ordinal)],
            key.ExpiresAt,
            key.Policy.Meta?.ToJsonObject(),
            taken?.Remaining,
            tightest is null ? null : new VerifyRateLimit(tightest.Name, tightest.Limit, Math.Max(0, tightest.Remaining), tightest.ResetAt));
    }
}
