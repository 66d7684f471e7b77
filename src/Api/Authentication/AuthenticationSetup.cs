using System.Text;
using ApiKeys.Domain.Organizations;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace ApiKeys.Api.Authentication;

public static class AuthenticationSetup
{
    /// <summary>
    /// API keys and JWTs share the <c>Bearer</c> header; a policy scheme picks the handler by the token's shape.
    /// JWTs come from an OIDC authority (<c>Auth:Jwt:Authority</c>) or an HS256 secret (<c>Auth:Jwt:SigningKey</c>).
    /// </summary>
    public static IServiceCollection AddApiAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        var jwt = configuration.GetSection("Auth:Jwt");
        services.AddAuthentication(AuthenticationSchemes.Default)
            .AddPolicyScheme(AuthenticationSchemes.Default, "API key or JWT", options =>
                options.ForwardDefaultSelector = context =>
                    PresentedCredential.LooksLikeApiKey(PresentedCredential.Read(context.Request)) ? AuthenticationSchemes.ApiKey : AuthenticationSchemes.Jwt)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(AuthenticationSchemes.ApiKey, null)
            .AddJwtBearer(AuthenticationSchemes.Jwt, options =>
            {
                options.MapInboundClaims = false;
                var authority = jwt["Authority"];
                var signingKey = jwt["SigningKey"];
                if (!string.IsNullOrEmpty(authority))
                {
                    options.Authority = authority;
                    options.TokenValidationParameters.ValidateAudience = !string.IsNullOrEmpty(jwt["Audience"]);
                    options.TokenValidationParameters.ValidAudience = jwt["Audience"];
                }
                else if (!string.IsNullOrEmpty(signingKey))
                {
                    var bytes = Encoding.UTF8.GetBytes(signingKey);
                    if (bytes.Length < 32)
                    {
                        throw new InvalidOperationException("Auth:Jwt:SigningKey must be at least 32 bytes.");
                    }

                    options.TokenValidationParameters = new TokenValidationParameters
                    {
                        IssuerSigningKey = new SymmetricSecurityKey(bytes),
                        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                        ValidIssuer = jwt["Issuer"],
                        ValidateIssuer = !string.IsNullOrEmpty(jwt["Issuer"]),
                        ValidAudience = jwt["Audience"],
                        ValidateAudience = !string.IsNullOrEmpty(jwt["Audience"]),
                        ClockSkew = TimeSpan.FromSeconds(30),
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
                    // The contract's 401 carries a plain "Bearer" challenge and the error body written by the status-code page.
                    OnChallenge = context =>
                    {
                        context.HandleResponse();
                        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                        context.Response.Headers.WWWAuthenticate = "Bearer";
                        return Task.CompletedTask;
                    },
                };
            });
        services.AddAuthorization();
        services.AddHttpContextAccessor();
        return services;
    }
}
