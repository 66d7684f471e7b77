using System.Runtime.CompilerServices;
using System.Threading.RateLimiting;
using ApiKeys.Api.Authentication;
using ApiKeys.Application.KeyChecking;
using ApiKeys.Application.Verification.Verify;
using ApiKeys.Infrastructure.HotPath;
using ApiKeys.Infrastructure.Configuration;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace ApiKeys.Api.RateLimiting;

/// <summary>
/// ASP.NET Core's rate limiter on <c>POST /v1/keys/verify</c>: a token bucket per calling credential (the verifier
/// key, or the user), so a busy backend is never throttled by other callers behind the same address
/// (<c>RateLimiting:VerifyPermitsPerSecond</c>, default 10000, bursts of twice that). A rejected call gets 429 with
/// <c>Retry-After</c> and the verify answer's shape with code <c>RATE_LIMITED</c>.
/// </summary>
public static class RateLimits
{
    public const string VerifyPolicy = "verify";

    // A cached key's partition, made once per cached key rather than once per request.
    private static readonly ConditionalWeakTable<AuthenticatedKey, string> KeyCredentials = [];

    /// <summary>The leak routes need no caller and may cost Argon2 verifications: limited per client address.</summary>
    public const string LeakReportPolicy = "report-leak";

    /// <summary>
    /// Imports run two at a time on a node (<c>RateLimiting:ConcurrentImports</c>), the rest queued: each holds up
    /// to a thousand keys and their answer in memory, so the node's peak memory does not grow with its callers.
    /// </summary>
    public const string ImportPolicy = "import";

    public static IServiceCollection AddApiRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<RateLimitOptions, RateLimitOptionsValidator>(configuration, RateLimitOptions.Section);
        // One bucket per credential, shared by the middleware's policy and the direct lookup of a warm verifier key.
        services.AddSingleton<VerifyBuckets>();
        services.AddOptions<RateLimiterOptions>().Configure<VerifyBuckets, IOptions<RateLimitOptions>>((options, buckets, limits) =>
        {
            options.AddPolicy(VerifyPolicy, context => RateLimitPartition.Get(CredentialOf(context), buckets.For));
            options.AddPolicy(LeakReportPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                // An IPv6 client by its /64, as the failure budgets count it.
                "address:" + (context.Connection.RemoteIpAddress is { } address ? BudgetPartition.Of(address) : "unknown"),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = limits.Value.LeakReportsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0, AutoReplenishment = true }));
            options.AddPolicy(ImportPolicy, _ => RateLimitPartition.GetConcurrencyLimiter(
                ImportPolicy,
                _ => new ConcurrencyLimiterOptions { PermitLimit = limits.Value.ConcurrentImports, QueueLimit = limits.Value.QueuedImports, QueueProcessingOrder = QueueProcessingOrder.OldestFirst }));
        });
        return services.AddRateLimiter(options =>
        {
            // Authentication runs first: unauthenticated calls are answered 401 before a permit is taken.
            options.OnRejected = (context, cancellationToken) =>
                context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName == VerifyPolicy
                    ? new ValueTask(WriteRejectedAsync(context.HttpContext, context.Lease, cancellationToken))
                    : new ValueTask(WriteRateLimitedAsync(context.HttpContext, context.Lease, cancellationToken));
        });
    }

    /// <summary>The 429 of a verify call over its credential's limit: <c>Retry-After</c> and the verify answer's shape.</summary>
    public static Task WriteRejectedAsync(HttpContext context, RateLimitLease lease, CancellationToken cancellationToken) =>
        context.Response.WriteAsJsonAsync(VerifyKeyResponse.Invalid(KeyCheckStatus.RateLimited), TooManyRequests(context, lease, period: TimeSpan.FromSeconds(1)), cancellationToken);

    /// <summary>The 429 of any other limited route: <c>Retry-After</c> and the contract's error body.</summary>
    private static Task WriteRateLimitedAsync(HttpContext context, RateLimitLease lease, CancellationToken cancellationToken) =>
        context.Response.WriteAsJsonAsync(new Errors.ErrorBody("Too many requests; retry after the time in Retry-After.", "rate_limited"), TooManyRequests(context, lease, period: TimeSpan.FromMinutes(1)), cancellationToken);

    /// <summary>Sets 429 and a <c>Retry-After</c> that says when the same request can succeed; returns the JSON options to answer with.</summary>
    private static System.Text.Json.JsonSerializerOptions TooManyRequests(HttpContext context, RateLimitLease lease, TimeSpan period)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        // The limiters give their own wait (the bucket's next refill, the window's end); without it, their period.
        Errors.ThrottleHeaders.SetRetryAfter(response, lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : period);
        return context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
    }

    public static string CredentialOf(HttpContext context) =>
        context.Features.Get<AuthenticatedKeyFeature>() is { } key ? KeyCredentials.GetValue(key.Key, static k => "key:" + k.Id)
        : context.User.FindFirst("sub")?.Value is { } subject ? "user:" + subject
        : "address:" + context.Connection.RemoteIpAddress;
}
