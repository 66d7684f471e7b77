using System.Globalization;
using System.Threading.RateLimiting;
using ApiKeys.Api.Authentication;
using ApiKeys.Application.Authentication;
using ApiKeys.Application.Verification.Verify;
using ApiKeys.Infrastructure.Configuration;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace ApiKeys.Api.Hosting;

/// <summary>
/// ASP.NET Core's rate limiter on <c>POST /v1/keys/verify</c>: a token bucket per calling credential (the verifier
/// key, or the user), so a busy backend is never throttled by other callers behind the same address
/// (<c>RateLimiting:VerifyPermitsPerSecond</c>, default 10000, bursts of twice that). A rejected call gets 429 with
/// <c>Retry-After</c> and the verify answer's shape with code <c>RATE_LIMITED</c>.
/// </summary>
public static class RateLimits
{
    public const string VerifyPolicy = "verify";

    public static IServiceCollection AddApiRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<RateLimitOptions, RateLimitOptionsValidator>(configuration, RateLimitOptions.Section);
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((options, limits) =>
        {
            var permitsPerSecond = limits.Value.VerifyPermitsPerSecond;
            options.AddPolicy(VerifyPolicy, context => RateLimitPartition.GetTokenBucketLimiter(
                CredentialOf(context),
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = permitsPerSecond * 2,
                    TokensPerPeriod = permitsPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
        });
        return services.AddRateLimiter(options =>
        {
            // Authentication runs first: unauthenticated calls are answered 401 before a permit is taken.
            options.OnRejected = (context, cancellationToken) =>
            {
                var response = context.HttpContext.Response;
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
                response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                var json = context.HttpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
                return new ValueTask(response.WriteAsJsonAsync(VerifyKeyResponse.Invalid(KeyCheckStatus.RateLimited), json, cancellationToken));
            };
        });
    }

    private static string CredentialOf(HttpContext context) =>
        context.Features.Get<AuthenticatedKeyFeature>() is { } key ? "key:" + key.Key.Id
        : context.User.FindFirst("sub")?.Value is { } subject ? "user:" + subject
        : "address:" + context.Connection.RemoteIpAddress;
}
