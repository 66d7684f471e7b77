using ApiKeys.Api.Observability;
using ApiKeys.Application.KeyChecking;

namespace ApiKeys.Api.Authentication;

/// <summary>
/// Asks <see cref="IKeyVerifier"/> about the request's token once per request, in a span of its own tagged with
/// the outcome and the key id (never the token): used by the authentication handler and by the direct lookups,
/// whichever asks first; the other reuses the answer (<see cref="PresentedKeyCheck"/>).
/// </summary>
public static class TracedKeyCheck
{
    public static async ValueTask<KeyCheck> VerifyAsync(IKeyVerifier verifier, HttpContext context, string token)
    {
        if (context.Features.Get<PresentedKeyCheck>() is { } earlier && string.Equals(earlier.Token, token, StringComparison.Ordinal))
        {
            return earlier.Check;
        }

        using var activity = Tracing.Source.StartActivity("apikeys.authenticate");
        var check = await verifier.VerifyAsync(token, KeyPresenter.Direct(context.Connection.RemoteIpAddress?.ToString()), context.RequestAborted);
        activity?.SetTag(Tracing.OutcomeTag, check.Status.ToString());
        if (check is { IsValid: true, Key: { } key })
        {
            activity?.SetTag(Tracing.KeyIdTag, key.Id.ToString());
            activity?.SetTag(Tracing.OrganizationIdTag, key.OrganizationId.ToString());
            activity?.Parent?.SetTag(Tracing.KeyIdTag, key.Id.ToString());
        }

        context.Features.Set(new PresentedKeyCheck(token, check));
        return check;
    }
}
