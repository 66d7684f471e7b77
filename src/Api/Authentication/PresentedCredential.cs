using ApiKeys.Domain.ApiKeys;

namespace ApiKeys.Api.Authentication;

/// <summary>Reads the credential from <c>Authorization</c>: <c>Bearer &lt;token&gt;</c>, or on the legacy Capgo routes the raw key.</summary>
public static class PresentedCredential
{
    private const string BearerPrefix = "Bearer ";

    public static bool IsLegacyRoute(HttpRequest request) => request.Path.StartsWithSegments("/apikey", StringComparison.OrdinalIgnoreCase);

    /// <summary>The presented token, or <see langword="null"/> when the header is missing or not a form this route accepts.</summary>
    public static string? Read(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return header[BearerPrefix.Length..].Trim();
        }

        // Capgo's CLI sends the raw key with no scheme word.
        return IsLegacyRoute(request) && header.StartsWith(ApiKeyToken.Scheme, StringComparison.Ordinal) ? header.Trim() : null;
    }

    /// <summary>
    /// Whether the credential looks like one of our keys, native or imported, as opposed to a JWT (<c>eyJ…</c> with
    /// dots, which import refuses); the full check comes later.
    /// </summary>
    public static bool LooksLikeApiKey(string? token) =>
        token is null || token.StartsWith("capy_", StringComparison.Ordinal) || !ApiKeyToken.LooksLikeJwt(token);
}
