using ApiKeys.Application.Abstractions;

namespace ApiKeys.Api.Authentication;

/// <summary>The <see cref="ICaller"/> of an HTTP request: a verified key, or a user from a JWT's <c>sub</c>.</summary>
public sealed class HttpCaller(IHttpContextAccessor accessor) : ICaller
{
    public Principal? Principal
    {
        get
        {
            var context = accessor.HttpContext;
            if (context?.User.Identity is not { IsAuthenticated: true } identity)
            {
                return null;
            }

            if (context.Features.Get<AuthenticatedKeyFeature>() is { } feature)
            {
                var key = feature.Key;
                return Application.Abstractions.Principal.Key(key.Id, key.OrganizationId, key.Access);
            }

            var subject = context.User.FindFirst("sub")?.Value;
            return identity.AuthenticationType != AuthenticationSchemes.ApiKey && Domain.Organizations.Member.IsValidUserId(subject)
                ? Application.Abstractions.Principal.User(subject)
                : null;
        }
    }

    public string? IpAddress => accessor.HttpContext?.Connection.RemoteIpAddress?.ToString();
}
