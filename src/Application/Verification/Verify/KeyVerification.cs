using System.Runtime.CompilerServices;
using ApiKeys.Application.Abstractions;
using ApiKeys.Application.Common;
using ApiKeys.Application.Common.Security;
using ApiKeys.Application.Events.CreditsLow;
using ApiKeys.Application.KeyChecking;
using ApiKeys.Domain.Common;
using FluentValidation;

namespace ApiKeys.Application.Verification.Verify;

/// <summary>
/// docs/api.md §5 with the governance of docs/api.md §9, decided in one place for both ways a verify arrives: through the
/// mediator (<see cref="VerifyKeyHandler"/>, after the pipeline validated and authorized it) and from the direct
/// lookup of a warm caller key, which asks <see cref="AdmitsDirectly"/> first, the pipeline's own rules, so that
/// only requests the pipeline would let through skip it. The checks run cheapest first and nothing is taken for
/// a refusal an earlier check already knows: the token (cached: no I/O), <c>DISABLED</c> and
/// <c>IP_NOT_ALLOWED</c> (from the cached policy), <c>FORBIDDEN</c> (the app directory, cached),
/// <c>RATE_LIMITED</c> (takes <c>cost</c> from every limit, all or nothing), and last <c>USAGE_EXCEEDED</c>
/// (takes the credits in the database), so a refused verification never burns credits. A key without
/// governance skips all of it.
/// </summary>
public sealed class KeyVerification(
    IKeyVerifier verifier,
    IAppDirectory apps,
    IKeyRateLimiter limiter,
    ICreditLedger credits,
    IEnumerable<IValidator<VerifyKeyQuery>> validators,
    CreditsLowAlerts lowCredits,
    IUsageCounter? usage = null)
{
    // A valid key's answer to a verify naming no app, for a key with no meta, rate limits or credits, is a function
    // of the cached key alone: made once per key, and the direct lookup serializes it once.
    private readonly ConditionalWeakTable<AuthenticatedKey, VerifyKeyResponse> _plainAnswers = [];

    /// <summary>
    /// What the mediator's validation and authorization behaviors would decide for a caller key, without them: every
    /// validator of the query (all synchronous), the same access rule (<see cref="AccessResolver.OfKey"/>, the query's
    /// required permission). <see langword="false"/> sends the request through the pipeline, which answers its 400 or 403.
    /// </summary>
    public bool AdmitsDirectly(VerifyKeyQuery query, Principal caller) =>
        AccessResolver.OfKey(caller, query.OrganizationId) is { } access
        && ((IRequirePermission)query).IsAllowed(access, caller)
        && validators.All(v => v.Validate(query).IsValid);

    /// <param name="caller">The authorized caller: its failure budget is spent when the query names no client.</param>
    public async ValueTask<Result<VerifyKeyResponse>> DecideAsync(VerifyKeyQuery query, Principal caller, CancellationToken cancellationToken)
    {
        // Failed verifications spend this organization's budget for the end client it names, else the service's own.
        var check = await verifier.VerifyAsync(query.Key!, KeyPresenter.Verifying(query.OrganizationId, query.ClientIp, caller.Id), cancellationToken);
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
        if (!policy.AllowedCidrs.IsEmpty && !policy.AllowedCidrs.Allows(IpAddressText.TryParse(query.ClientIp, out var address) ? address : null))
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
            taken = await credits.TakeAsync(key.Id, cost, keyCredits, cancellationToken);
            if (taken.LowDue)
            {
                lowCredits.Raise(key.OrganizationId, key.Id);
            }

            if (!taken.Taken)
            {
                return Answer(key, KeyCheckStatus.UsageExceeded, query.AppId, appKnown, limits, taken);
            }
        }

        if (query.AppId is null && limits is null && taken is null && policy.Meta is null)
        {
            usage?.Record(key.Id, UsageOutcome.Valid);
            return _plainAnswers.GetValue(key, k => Describe(k, KeyCheckStatus.Valid, null, appKnown: true, null, null) with { IsShared = true });
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
        return Describe(key, status, appId, appKnown, limits, taken);
    }

    private static VerifyKeyResponse Describe(AuthenticatedKey key, KeyCheckStatus status, string? appId, bool appKnown, RateLimitVerdict? limits, CreditTake? taken)
    {
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
