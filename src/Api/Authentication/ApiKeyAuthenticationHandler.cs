using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using ApiKeys.Application.KeyChecking;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace ApiKeys.Api.Authentication;

/// <summary>
/// Authenticates <c>Bearer capy_live_…</c> through <see cref="IKeyVerifier"/>. The verified key (with its
/// access) travels on the request as <see cref="AuthenticatedKeyFeature"/>; the token itself goes no further.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IKeyVerifier verifier)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string OrganizationClaim = "org";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = PresentedCredential.Read(Request);
        if (token is null)
        {
            return AuthenticateResult.NoResult();
        }

        var check = await TracedKeyCheck.VerifyAsync(verifier, Context, token);
        if (!check.IsValid)
        {
            // One answer for unknown, wrong, revoked and expired: a client learns nothing from the difference.
            // Only load shedding (pool full, failure budget spent) answers otherwise, in the challenge.
            Context.Features.Set(new KeyCheckFailureFeature(check.Status, check.RetryAfterSeconds));
            return AuthenticateResult.Fail("Invalid API key.");
        }

        var key = check.Key!;
        Context.Features.Set(new AuthenticatedKeyFeature(key));
        return AuthenticateResult.Success(new AuthenticationTicket(PrincipalOf(key, Scheme.Name), Scheme.Name));
    }

    /// <summary>The request's user for a verified key (also set by the direct lookups, which answer before this handler).</summary>
    public static ClaimsPrincipal PrincipalOf(AuthenticatedKey key, string scheme = AuthenticationSchemes.ApiKey) =>
        new(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, key.Id.ToString()), new Claim(OrganizationClaim, key.OrganizationId.ToString())],
            scheme));

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failure = Context.Features.Get<KeyCheckFailureFeature>();
        switch (failure?.Status)
        {
            case KeyCheckStatus.RateLimited:
                Response.StatusCode = StatusCodes.Status429TooManyRequests;
                Response.Headers.RetryAfter = failure.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                break;
            case KeyCheckStatus.Unavailable:
                Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                Response.Headers.RetryAfter = failure.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                break;
            default:
                Response.StatusCode = StatusCodes.Status401Unauthorized;
                Response.Headers.WWWAuthenticate = "Bearer";
                break;
        }

        return Task.CompletedTask;
    }
}

public sealed record AuthenticatedKeyFeature(AuthenticatedKey Key);

/// <param name="RetryAfterSeconds">For load shedding: the <c>Retry-After</c> the challenge sends.</param>
public sealed record KeyCheckFailureFeature(KeyCheckStatus Status, int RetryAfterSeconds);
