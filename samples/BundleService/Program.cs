using System.Security.Claims;
using ApiKeys.AspNetCore;

// A bundle service for apps registered in ApiKeys: callers present a key of ApiKeys; uploading to an app needs
// app.upload_bundle on that app, listing its bundles app.read_bundles. ApiKeys is asked (and cached) by the handler.
var builder = WebApplication.CreateBuilder(args);

builder.Services.AddAuthentication(ApiKeysAuthenticationDefaults.AuthenticationScheme)
    .AddApiKeys(options =>
    {
        options.Authority = new Uri(builder.Configuration["ApiKeys:Authority"] ?? "http://localhost:5080");
        options.VerifierKey = builder.Configuration["ApiKeys:VerifierKey"];
        builder.Configuration.GetSection("ApiKeys:Cache").Bind(options);
    });
builder.Services.AddAuthorizationBuilder()
    .AddPolicy("upload", policy => policy.RequireApiKeyPermission("app.upload_bundle", appIdFromRoute: "appId"))
    .AddPolicy("read", policy => policy.RequireApiKeyPermission("app.read_bundles", appIdFromRoute: "appId"));

var app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();

var bundles = new BundleStore();

app.MapPost("/apps/{appId}/bundles", (string appId, BundleUpload upload, ClaimsPrincipal user) =>
        Results.Created($"/apps/{appId}/bundles/{upload.Version}", bundles.Add(appId, upload.Version, user.FindFirstValue(ApiKeysClaimTypes.KeyId)!)))
    .RequireAuthorization("upload");

app.MapGet("/apps/{appId}/bundles", (string appId) => Results.Ok(new { bundles = bundles.Of(appId) }))
    .RequireAuthorization("read");

// The same answer with no authentication at all: the baseline of tests/load/bundle-bench.sh.
app.MapGet("/anonymous/apps/{appId}/bundles", (string appId) => Results.Ok(new { bundles = bundles.Of(appId) }));

app.MapGet("/health", () => Results.Ok(new { status = "ok" }));

await app.RunAsync();

internal sealed record BundleUpload(string Version);

internal sealed record Bundle(string AppId, string Version, string UploadedByKey, DateTimeOffset UploadedAt);

/// <summary>Bundles in memory: enough for a sample.</summary>
internal sealed class BundleStore
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, List<Bundle>> _bundles = new(StringComparer.Ordinal);

    public Bundle Add(string appId, string version, string keyId)
    {
        var bundle = new Bundle(appId, version, keyId, DateTimeOffset.UtcNow);
        var list = _bundles.GetOrAdd(appId, _ => []);
        lock (list)
        {
            list.Add(bundle);
        }

        return bundle;
    }

    public IReadOnlyList<Bundle> Of(string appId)
    {
        if (!_bundles.TryGetValue(appId, out var list))
        {
            return [];
        }

        lock (list)
        {
            return [.. list];
        }
    }
}
