using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ApiKeys.AspNetCore;

/// <summary>
/// Reads <c>Authorization: Bearer capy_live_…</c>, asks ApiKeys (through the cache) and turns a valid answer into
/// claims: the key id (also the name identifier), its organization and project, one claim per permission, its meta.
/// 401 and 403 carry <c>WWW-Authenticate: Bearer</c>; when ApiKeys cannot be asked about an unknown token, 503.
/// </summary>
public sealed class ApiKeysAuthenticationHandler(
    IOptionsMonitor<ApiKeysAuthenticationOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    KeyVerificationCaches caches)
    : AuthenticationHandler<ApiKeysAuthenticationOptions>(options, logger, encoder)
{
    private const string BearerPrefix = "Bearer ";
    private const string TokenScheme = "capy_";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (ReadToken(Request) is not { } token)
        {
            return AuthenticateResult.NoResult();
        }

        var verification = await caches.For(Scheme.Name).VerifyAsync(token, appId: null, Context.RequestAborted);
        if (verification.IsUnavailable)
        {
            Context.Features.Set(new ApiKeysUnavailableFeature());
            return AuthenticateResult.Fail("ApiKeys cannot be reached to verify this key.");
        }

        if (!verification.StillValidAt(TimeProvider.GetUtcNow()))
        {
            return AuthenticateResult.Fail($"The key is not valid ({verification.Code}).");
        }

        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(Identity(verification)), Scheme.Name));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (await RefuseIfUnavailableAsync())
        {
            return;
        }

        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = ReadToken(Request) is null ? "Bearer" : "Bearer error=\"invalid_token\"";
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        if (await RefuseIfUnavailableAsync())
        {
            return;
        }

        Response.StatusCode = StatusCodes.Status403Forbidden;
        Response.Headers.WWWAuthenticate = "Bearer error=\"insufficient_scope\"";
    }

    internal static string? ReadToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = header[BearerPrefix.Length..].Trim();
        return token.StartsWith(TokenScheme, StringComparison.Ordinal) || IsImportedShape(token) ? token : null;
    }

    // A key imported from another system keeps its own text (docs/api.md §4): 16 to 128 printable ASCII characters
    // without spaces. A JWT (eyJ… with dots) is left to the host's JWT scheme.
    private static bool IsImportedShape(string token) =>
        token.Length is >= 16 and <= 128
        && !token.AsSpan().ContainsAnyExceptInRange('!', '~')
        && !(token.StartsWith("eyJ", StringComparison.Ordinal) && token.Contains('.'));

    private async Task<bool> RefuseIfUnavailableAsync()
    {
        if (Context.Features.Get<ApiKeysUnavailableFeature>() is null)
        {
            return false;
        }

        Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        Response.Headers.RetryAfter = "5";
        await Response.WriteAsJsonAsync(new { error = "The key cannot be verified right now; retry later.", code = "service_unavailable" });
        return true;
    }

    private ClaimsIdentity Identity(KeyVerification verification)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, verification.KeyId!),
            new(ApiKeysClaimTypes.KeyId, verification.KeyId!),
        };
        if (verification.OrganizationId is { } organization)
        {
            claims.Add(new(ApiKeysClaimTypes.OrganizationId, organization));
        }

        if (verification.ProjectId is { } project)
        {
            claims.Add(new(ApiKeysClaimTypes.ProjectId, project));
        }

        claims.AddRange(verification.Permissions.Select(p => new Claim(ApiKeysClaimTypes.Permission, p)));
        if (verification.Meta is { } meta)
        {
            claims.Add(new(ApiKeysClaimTypes.Meta, meta.ToJsonString(), JsonClaimValueTypes.Json));
            foreach (var (name, value) in meta)
            {
                if (value is not null)
                {
                    claims.Add(new($"{ApiKeysClaimTypes.Meta}:{name}", value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString()));
                }
            }
        }

        return new ClaimsIdentity(claims, Scheme.Name, ApiKeysClaimTypes.KeyId, ClaimTypes.Role);
    }

    private static class JsonClaimValueTypes
    {
        public const string Json = "JSON";
    }
}

/// <summary>Marks a request whose key could not be verified because ApiKeys was unreachable (answered 503).</summary>
internal sealed class ApiKeysUnavailableFeature;
