using System.Net.Http.Json;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;

namespace ApiKeys.Api.Tests.Oidc;

/// <summary>
/// The real OpenID provider .ci/run starts (node-oidc-provider, tests/oidc/server.js): where it is, how to trust
/// its https certificate, how to get tokens from it (client credentials: the client id is the user) and how to
/// make it rotate its signing key.
/// </summary>
public sealed class OidcServer
{
    public const string HttpsVariable = "APIKEYS_TEST_OIDC_HTTPS";
    public const string HttpVariable = "APIKEYS_TEST_OIDC_HTTP";
    public const string CaVariable = "APIKEYS_TEST_OIDC_CA";
    public const string SecretVariable = "APIKEYS_TEST_OIDC_CLIENT_SECRET";
    public const string Audience = "urn:apikeys";

    /// <summary>The client whose tokens expire 2 seconds after they are issued.</summary>
    public const string ShortLivedUser = "short-lived";

    private readonly string _secret;
    private readonly X509Certificate2? _ca;

    private OidcServer(Uri issuer, string secret, X509Certificate2? ca)
    {
        Issuer = issuer;
        _secret = secret;
        _ca = ca;
    }

    public Uri Issuer { get; }

    /// <summary>An issuer address with no provider behind it (nothing listens there).</summary>
    public static OidcServer At(Uri issuer) => new(issuer, "unused", null);

    public static OidcServer Https() => FromEnvironment(HttpsVariable, requireCa: true);

    public static OidcServer Http() => FromEnvironment(HttpVariable, requireCa: false);

    private static OidcServer FromEnvironment(string variable, bool requireCa)
    {
        var issuer = Environment.GetEnvironmentVariable(variable);
        var secret = Environment.GetEnvironmentVariable(SecretVariable);
        var ca = Environment.GetEnvironmentVariable(CaVariable);
        if (string.IsNullOrEmpty(issuer) || string.IsNullOrEmpty(secret) || (requireCa && string.IsNullOrEmpty(ca)))
        {
            Assert.Skip($"Needs the test OpenID provider: set {variable}, {SecretVariable}{(requireCa ? $" and {CaVariable}" : string.Empty)} (.ci/run starts tests/oidc/server.js and sets them).");
        }

        return new OidcServer(new Uri(issuer!), secret!, requireCa ? X509CertificateLoader.LoadCertificateFromFile(ca!) : null);
    }

    /// <summary>An HTTP handler that trusts exactly the CA .ci/run made for the provider's certificate (and nothing else).</summary>
    public HttpMessageHandler TrustingHandler() => new SocketsHttpHandler
    {
        SslOptions = new SslClientAuthenticationOptions
        {
            CertificateChainPolicy = _ca is null ? null : new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                CustomTrustStore = { _ca },
                RevocationMode = X509RevocationMode.NoCheck,
            },
        },
    };

    /// <summary>A real access token (at+jwt, RS256) for <paramref name="user"/>, for <paramref name="audience"/>.</summary>
    public async Task<string> TokenAsync(string user, string audience = Audience)
    {
        using var client = new HttpClient(TrustingHandler()) { BaseAddress = Issuer };
        using var response = await client.PostAsync("token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = user,
            ["client_secret"] = _secret,
            ["resource"] = audience,
        }));
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        response.IsSuccessStatusCode.Should().BeTrue($"the provider issues tokens: {body}");
        return body!["access_token"]!.GetValue<string>();
    }

    /// <summary>The provider replaces its signing key; the old one leaves its JWKS.</summary>
    public async Task<string> RotateSigningKeyAsync()
    {
        using var client = new HttpClient(TrustingHandler()) { BaseAddress = Issuer };
        using var response = await client.PostAsync("test/rotate", null);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["kid"]!.GetValue<string>();
    }
}
