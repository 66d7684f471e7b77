namespace ApiKeys.Api.Hardening;

/// <summary>
/// Headers every response carries: no MIME sniffing, and no caching of API answers (create and regenerate
/// carry a secret, and any answer may carry a plain key).
/// </summary>
public static class SecurityHeaders
{
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            Apply(context);
            return Task.CompletedTask;
        });
        return next(context);
    });

    /// <summary>Sets the headers now: for answers written before this middleware runs (the refusal gate).</summary>
    public static void Apply(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        if (!context.Request.Path.StartsWithSegments("/console"))
        {
            headers.CacheControl = "no-store";
        }
    }
}
