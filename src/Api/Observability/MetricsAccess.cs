using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace ApiKeys.Api.Observability;

/// <summary>With <c>Metrics:ScrapeToken</c> set, <c>/metrics</c> needs <c>Authorization: Bearer &lt;token&gt;</c>; compared in constant time.</summary>
public static class MetricsAccess
{
    public const string Path = "/metrics";

    public static IApplicationBuilder UseMetricsAccess(this IApplicationBuilder app)
    {
        var token = app.ApplicationServices.GetRequiredService<IOptions<MetricsOptions>>().Value.ScrapeToken;
        if (string.IsNullOrEmpty(token))
        {
            return app;
        }

        var expected = SHA256.HashData(Encoding.UTF8.GetBytes("Bearer " + token));
        return app.Use((context, next) =>
        {
            if (!context.Request.Path.StartsWithSegments(Path, StringComparison.OrdinalIgnoreCase))
            {
                return next(context);
            }

            var presented = SHA256.HashData(Encoding.UTF8.GetBytes(context.Request.Headers.Authorization.ToString()));
            if (CryptographicOperations.FixedTimeEquals(presented, expected))
            {
                return next(context);
            }

            // The status-code page writes the contract's 401 body and the Bearer challenge.
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Task.CompletedTask;
        });
    }
}
