using System.Globalization;
using System.Threading.RateLimiting;
using ApiKeys.Application.Authentication;
using ApiKeys.Application.Verification.Verify;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace ApiKeys.Api.Hosting;

/// <summary>
/// ASP.NET Core's rate limiter on <c>POST /v1/keys/verify</c>: a token bucket per client address
/// (<c>RateLimiting:VerifyPermitsPerSecond</c>, default 1000, bursts of twice that). A rejected call gets 429 with
/// <c>Retry-After</c> and the verify answer's shape with code <c>RATE_LIMITED</c>.
/// </summary>
public static class RateLimits
{
    public const string VerifyPolicy = "verify";

    public static IServiceCollection AddApiRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var permitsPerSecond = configuration.GetValue("RateLimiting:VerifyPermitsPerSecond", 1000);
        return services.AddRateLimiter(options =>
        {
            options.AddPolicy(VerifyPolicy, context => RateLimitPartition.GetTokenBucketLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = permitsPerSecond * 2,
                    TokensPerPeriod = permitsPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
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
}
