using System.Security.Claims;
using System.Text.Encodings.Web;
using ApiKeys.Api.Errors;
using ApiKeys.Application.Abstractions;
using ApiKeys.Application.KeyChecking;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace ApiKeys.Api.Authentication;

/// <summary>
/// Authenticates <c>Bearer capy_live_…</c> through <see cref="IKeyVerifier"/>. The verified key (with its
/// access) travels on the request as <see cref="AuthenticatedKeyFeature"/>; the token itself goes no further.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IKeyVerifier verifier, IUsageCounter? usage = null)
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
            Context.Features.Set(new KeyCheckFailureFeature(check.Status, check.RetryAfter));
            return AuthenticateResult.Fail("Invalid API key.");
        }

        var key = check.Key!;
        if (!key.Policy.Enabled)
        {
            // docs/api.md §9: a disabled key gets 401 on every request, like a bad one, until it is enabled again.
            usage?.Record(key.Id, UsageOutcome.Rejected);
            Context.Features.Set(new KeyCheckFailureFeature(KeyCheckStatus.Disabled, null));
            return AuthenticateResult.Fail("Invalid API key.");
        }

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
                SetRetryAfter(failure);
                break;
            case KeyCheckStatus.Unavailable:
                Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                SetRetryAfter(failure);
                break;
            default:
                Response.StatusCode = StatusCodes.Status401Unauthorized;
                Response.Headers.WWWAuthenticate = "Bearer";
                break;
        }

        return Task.CompletedTask;
    }

    private void SetRetryAfter(KeyCheckFailureFeature failure)
    {
        if (failure.RetryAfter is { } wait)
        {
            ThrottleHeaders.SetRetryAfter(Response, wait);
        }
    }
}

public sealed record AuthenticatedKeyFeature(AuthenticatedKey Key);

/// <param name="RetryAfter">For load shedding: when the same request can succeed (the challenge's <c>Retry-After</c>).</param>
public sealed record KeyCheckFailureFeature(KeyCheckStatus Status, TimeSpan? RetryAfter);
