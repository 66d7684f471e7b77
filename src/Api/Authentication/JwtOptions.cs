namespace ApiKeys.Api.Authentication;

/// <summary>
/// How users' JWTs are checked (section <c>Auth:Jwt</c>): an OIDC authority (RS256 keys from its JWKS,
/// refreshed when a token names a key not seen yet) or an HS256 secret.
/// </summary>
public sealed class JwtOptions
{
    public const string Section = "Auth:Jwt";

    /// <summary>The OIDC issuer; its discovery document and JWKS are fetched from it.</summary>
    public string? Authority { get; set; }

    /// <summary>An HS256 secret of 32 bytes or more, instead of an authority.</summary>
    public string? SigningKey { get; set; }

    /// <summary>Required with a signing key; with an authority, the issuer of its discovery document is used.</summary>
    public string? Issuer { get; set; }

    /// <summary>The audience tokens must be for (e.g. <c>urn:apikeys</c>); tokens for any other are refused.</summary>
    public string? Audience { get; set; }

    /// <summary>Off only for a development identity provider on plain <c>http://</c>.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public int ClockSkewSeconds { get; set; } = 30;

    /// <summary>
    /// After a token names an unknown signing key, the JWKS is fetched again at most this often: a rotated key is
    /// picked up without a restart, and forged key ids cannot make the service hammer the provider.
    /// </summary>
    public int KeyRefreshSeconds { get; set; } = 300;

    public bool UsesAuthority => !string.IsNullOrWhiteSpace(Authority);

    public bool UsesSigningKey => !string.IsNullOrEmpty(SigningKey);
}
