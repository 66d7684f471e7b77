using ApiKeys.Api.Errors;
using System.Text;
using ApiKeys.Domain.Organizations;
using ApiKeys.Infrastructure.Configuration;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace ApiKeys.Api.Authentication;

public static class AuthenticationSetup
{
    /// <summary>
    /// API keys and JWTs share the <c>Bearer</c> header; a policy scheme picks the handler by the token's shape.
    /// JWTs come from an OIDC authority or an HS256 secret (<see cref="JwtOptions"/>, checked at start).
    /// </summary>
    public static IServiceCollection AddApiAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<JwtOptions, JwtOptionsValidator>(configuration, JwtOptions.Section);
        services.AddAuthentication(AuthenticationSchemes.Default)
            .AddPolicyScheme(AuthenticationSchemes.Default, "API key or JWT", options =>
                options.ForwardDefaultSelector = context =>
                    PresentedCredential.LooksLikeApiKey(PresentedCredential.Read(context.Request)) ? AuthenticationSchemes.ApiKey : AuthenticationSchemes.Jwt)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(AuthenticationSchemes.ApiKey, null)
            .AddJwtBearer(AuthenticationSchemes.Jwt, _ => { });
        services.AddOptions<JwtBearerOptions>(AuthenticationSchemes.Jwt).Configure<IOptions<JwtOptions>>((options, jwt) => Configure(options, jwt.Value));
        // After the framework made the configuration manager: a key the provider took out of its JWKS is refused
        // at once, not kept for an hour as the "last known good" configuration.
        services.PostConfigure<JwtBearerOptions>(AuthenticationSchemes.Jwt, options =>
        {
            if (options.ConfigurationManager is BaseConfigurationManager manager)
            {
                manager.UseLastKnownGoodConfiguration = false;
            }
        });
        services.AddAuthorization();
        services.AddHttpContextAccessor();
        return services;
    }

    private static void Configure(JwtBearerOptions options, JwtOptions jwt)
    {
        options.MapInboundClaims = false;
        var clockSkew = TimeSpan.FromSeconds(jwt.ClockSkewSeconds);
        if (jwt.UsesAuthority)
        {
            options.Authority = jwt.Authority!.Trim();
            options.RequireHttpsMetadata = jwt.RequireHttpsMetadata;
            options.RefreshInterval = TimeSpan.FromSeconds(jwt.KeyRefreshSeconds);
            options.BackchannelTimeout = TimeSpan.FromSeconds(10);
            options.TokenValidationParameters = new TokenValidationParameters
            {
                // The issuer and its keys come from the discovery document; only asymmetric algorithms are taken from it.
                ValidAudience = jwt.Audience,
                ValidateAudience = true,
                ValidAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512, SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384],
                ClockSkew = clockSkew,
            };
        }
        else if (jwt.UsesSigningKey)
        {
            options.TokenValidationParameters = new TokenValidationParameters
            {
                IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(jwt.SigningKey!)),
                ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                ValidIssuer = jwt.Issuer,
                ValidAudience = jwt.Audience,
                ClockSkew = clockSkew,
            };
        }
        else
        {
            // No identity provider configured: every JWT is refused, API keys still work.
            options.TokenValidationParameters = new TokenValidationParameters { RequireSignedTokens = true, IssuerSigningKeys = [] };
        }

        options.Events = new JwtBearerEvents
        {
            // The subject becomes a stored member id: one the domain would refuse is a bad credential (401), never a 500.
            OnTokenValidated = context =>
            {
                if (!Member.IsValidUserId(context.Principal?.FindFirst("sub")?.Value))
                {
                    context.Fail("The token's sub claim is not a valid user id.");
                }

                return Task.CompletedTask;
            },
            // A token problem is a SecurityTokenException or (malformed) an ArgumentException; anything else with an
            // authority (its metadata or keys cannot be fetched) is the provider being unavailable: 503 with
            // Retry-After, never a 500.
            OnAuthenticationFailed = context =>
            {
                if (context.Options.ConfigurationManager is not null && context.Exception is not (SecurityTokenException or ArgumentException))
                {
                    context.HttpContext.Features.Set(new IdentityProviderUnavailableFeature());
                }

                context.Fail(context.Exception);
                return Task.CompletedTask;
            },
            // The contract's 401 carries a plain "Bearer" challenge and the error body written by the status-code page.
            OnChallenge = context =>
            {
                context.HandleResponse();
                if (context.HttpContext.Features.Get<IdentityProviderUnavailableFeature>() is not null)
                {
                    context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                    ThrottleHeaders.SetRetryAfter(context.Response, ThrottleHeaders.OutageRetry);
                    return Task.CompletedTask;
                }

                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = "Bearer";
                return Task.CompletedTask;
            },
        };
    }
}

/// <summary>Set on a request whose JWT could not be checked because the identity provider was unreachable.</summary>
public sealed record IdentityProviderUnavailableFeature;
