using System.Net;
using ApiKeys.Api.Authentication;
using ApiKeys.Api.Errors;
using ApiKeys.Application.Abstractions;

namespace ApiKeys.Api.Governance;

/// <summary>
/// docs/api.md §9 on a key's own requests, right after authentication (a disabled key never authenticates): a request
/// from outside the key's <c>allowed_cidrs</c> gets <c>403 ip_not_allowed</c>; a request over one of its rate limits
/// gets <c>429</c> with <c>Retry-After</c>, <c>RateLimit-Policy</c> and <c>RateLimit</c>; each outcome is counted.
/// The client address is the connection's, or the forwarded one when the forwarded-headers middleware trusts the
/// proxy (it runs first and rewrites the connection's address). A key without governance pays one check.
/// </summary>
public static class KeyGovernance
{
    public static IApplicationBuilder UseKeyGovernance(this IApplicationBuilder app)
    {
        var services = app.ApplicationServices;
        var limiter = services.GetRequiredService<IKeyRateLimiter>();
        var usage = services.GetService<IUsageCounter>();
        var time = services.GetRequiredService<TimeProvider>();
        return app.Use(async (context, next) =>
        {
            if (context.Features.Get<AuthenticatedKeyFeature>() is not { } feature)
            {
                await next(context);
                return;
            }

            var key = feature.Key;
            var policy = key.Policy;
            if (!policy.AllowedCidrs.Allows(context.Connection.RemoteIpAddress))
            {
                usage?.Record(key.Id, UsageOutcome.Rejected);
                await ErrorResponses.WriteAsync(context, StatusCodes.Status403Forbidden, IpNotAllowed);
                return;
            }

            if (policy.RateLimits.Count > 0)
            {
                var verdict = await limiter.TakeAsync(key.Id, policy.RateLimits, 1, context.RequestAborted);
                if (!verdict.Allowed)
                {
                    usage?.Record(key.Id, UsageOutcome.RateLimited);
                    ThrottleHeaders.TooManyRequests(context.Response, verdict, policy.RateLimits, time.GetUtcNow());
                    await ErrorResponses.WriteAsync(context, StatusCodes.Status429TooManyRequests, RateLimited);
                    return;
                }

                ThrottleHeaders.SetRateLimit(context.Response, verdict, policy.RateLimits, time.GetUtcNow());
            }

            usage?.Record(key.Id, UsageOutcome.Valid);
            await next(context);
        });
    }

    private static readonly ErrorBody IpNotAllowed = new("This API key may not be used from this address (allowed_cidrs).", "ip_not_allowed");

    private static readonly ErrorBody RateLimited = new("The API key is over one of its rate limits; retry after the time in Retry-After.", "rate_limited");
}
