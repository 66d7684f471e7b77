namespace ApiKeys.Api.Hardening;

/// <summary>
/// Headers every response carries: no MIME sniffing, no framing, a Content-Security-Policy, and no caching of API
/// answers (create and regenerate carry a secret, and any answer may carry a plain key).
/// </summary>
public static class SecurityHeaders
{
    /// <summary>
    /// The console's own files only: no inline script or style, no plugin, no other origin, and no page may frame it
    /// (it holds a signed-in key). The favicon is a <c>data:</c> URL.
    /// </summary>
    public const string ConsolePolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "form-action 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'";

    /// <summary>
    /// /docs is Scalar's page, which starts itself with an inline module script it writes per request and styles
    /// itself inline: scripts and styles are left to it, and only framing, plugins and the base URL are refused.
    /// </summary>
    public const string DocsPolicy = "base-uri 'self'; object-src 'none'; frame-ancestors 'none'";

    /// <summary>Every other answer is data (JSON, metrics), never a page: it may load nothing and be framed nowhere.</summary>
    public const string DataPolicy = "default-src 'none'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        // The state overload: no closure allocated per request.
        context.Response.OnStarting(static state =>
        {
            Apply((HttpContext)state);
            return Task.CompletedTask;
        }, context);
        return next(context);
    });

    /// <summary>Sets the headers now: for answers written before this middleware runs (the refusal gate).</summary>
    public static void Apply(HttpContext context)
    {
        var headers = context.Response.Headers;
        var path = context.Request.Path;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers.ContentSecurityPolicy = path.StartsWithSegments("/console") ? ConsolePolicy
            : path.StartsWithSegments("/docs") ? DocsPolicy
            : DataPolicy;
        if (!path.StartsWithSegments("/console"))
        {
            headers.CacheControl = "no-store";
        }
    }
}
