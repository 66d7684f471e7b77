using System.Globalization;
using System.Text;
using ApiKeys.Application.Abstractions;
using ApiKeys.Domain.ApiKeys.Governance;

namespace ApiKeys.Api.Errors;

/// <summary>
/// The one writer of <c>Retry-After</c> (429 and 503) and of the IETF httpapi rate-limit fields
/// (draft-ietf-httpapi-ratelimit-headers: <c>RateLimit-Policy</c> and <c>RateLimit</c>, structured-field Lists).
/// Every value says what is true: <c>Retry-After</c> is the number of seconds after which the same request can
/// succeed, rounded up (never early); <c>t</c> is the seconds until the limit's window ends and its quota is whole.
/// </summary>
public static class ThrottleHeaders
{
    public const string PolicyHeader = "RateLimit-Policy";
    public const string StateHeader = "RateLimit";

    /// <summary>
    /// A dependency (database, identity provider) that cannot be reached: nobody knows when it will be back, so this
    /// is how soon asking again is worth it, and docs/security.md says so. Every other <c>Retry-After</c> is computed.
    /// </summary>
    public static readonly TimeSpan OutageRetry = TimeSpan.FromSeconds(5);

    /// <summary>Whole seconds, rounded up so a client that waits them is never early; at least 1 (the field's unit).</summary>
    public static long Seconds(TimeSpan wait) => Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds));

    public static void SetRetryAfter(HttpResponse response, TimeSpan wait) =>
        response.Headers.RetryAfter = Seconds(wait).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// A key's own request over one of its limits: 429 with <c>Retry-After</c> (when the refusing window ends; none
    /// when the cost is above the limit and can never succeed) and the rate-limit fields of <paramref name="policies"/>.
    /// </summary>
    public static void TooManyRequests(HttpResponse response, RateLimitVerdict verdict, IReadOnlyList<RateLimit> policies, DateTimeOffset now)
    {
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        if (verdict.RetryAfter is { } wait)
        {
            SetRetryAfter(response, wait);
        }

        SetRateLimit(response, verdict, policies, now);
    }

    /// <summary>
    /// <c>RateLimit-Policy</c> lists the key's limits (<c>"name";q=limit;w=window</c>); <c>RateLimit</c> carries the
    /// tightest one's current state (<c>"name";r=remaining;t=seconds</c>): the refusing one on a 429.
    /// </summary>
    public static void SetRateLimit(HttpResponse response, RateLimitVerdict verdict, IReadOnlyList<RateLimit> policies, DateTimeOffset now)
    {
        if (verdict.Tightest is not { } state)
        {
            return;
        }

        var policy = new StringBuilder();
        foreach (var limit in policies.Count > 0 ? policies : [new RateLimit(state.Name, state.Limit, state.WindowSeconds)])
        {
            if (policy.Length > 0)
            {
                policy.Append(", ");
            }

            AppendString(policy, limit.Name);
            policy.Append(CultureInfo.InvariantCulture, $";q={limit.Limit};w={limit.WindowSeconds}");
        }

        var current = new StringBuilder();
        AppendString(current, state.Name);
        var reset = Math.Max(0, (long)Math.Ceiling((state.ResetAt - now).TotalSeconds));
        current.Append(CultureInfo.InvariantCulture, $";r={Math.Max(0, state.Remaining)};t={reset}");

        response.Headers[PolicyHeader] = policy.ToString();
        response.Headers[StateHeader] = current.ToString();
    }

    /// <summary>
    /// A structured-field String (RFC 9651 §3.3.3): printable ASCII with <c>\</c> and <c>"</c> escaped. A name with
    /// other characters cannot be written as one; they are written as <c>?</c> (the name stays recognisable).
    /// </summary>
    private static void AppendString(StringBuilder builder, string value)
    {
        builder.Append('"');
        foreach (var c in value)
        {
            if (c is '"' or '\\')
            {
                builder.Append('\\').Append(c);
            }
            else
            {
                builder.Append(c is >= ' ' and <= '~' ? c : '?');
            }
        }

        builder.Append('"');
    }
}
