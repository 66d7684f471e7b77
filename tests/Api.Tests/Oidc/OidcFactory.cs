using ApiKeys.Api.Authentication;
using ApiKeys.Api.Tests.Harness;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace ApiKeys.Api.Tests.Oidc;

/// <summary>The service with <c>Auth:Jwt:Authority</c> pointing at the real test provider (no HS256 secret).</summary>
public sealed class OidcFactory(OidcServer server, bool requireHttpsMetadata) : ApiFactory
{
    public OidcServer IdentityProvider { get; } = server;

    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = base.Settings;
            settings["Auth:Jwt:SigningKey"] = string.Empty;
            settings["Auth:Jwt:Issuer"] = string.Empty;
            settings["Auth:Jwt:Authority"] = IdentityProvider.Issuer.ToString().TrimEnd('/');
            settings["Auth:Jwt:Audience"] = OidcServer.Audience;
            settings["Auth:Jwt:RequireHttpsMetadata"] = requireHttpsMetadata ? "true" : "false";
            settings["Auth:Jwt:ClockSkewSeconds"] = "0";
            settings["Auth:Jwt:KeyRefreshSeconds"] = "1";
            return settings;
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        // The test process trusts the CA .ci/run generated, as an operator's machine trusts its provider's CA.
        builder.ConfigureTestServices(services => services.Configure<JwtBearerOptions>(AuthenticationSchemes.Jwt, options => options.BackchannelHttpHandler = IdentityProvider.TrustingHandler()));
    }
}
