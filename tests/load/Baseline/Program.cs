using System.Text.Json;

// A bare ASP.NET Core app answering bodies of the shape of GET /v1/me and POST /v1/keys/verify, with the same
// JSON conventions, and nothing else: no authentication, no database, no middleware. The benchmark's ratios are
// against this app measured in the same run, on the same machine.
var builder = WebApplication.CreateBuilder(args);
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);
var app = builder.Build();

var me = new MeShape("api_key", "key_0197f1d2a3b47c8d9e0f1a2b3c4d5e6f", "org_0197f1d2a3b47c8d9e0f1a2b3c4d5e6f", "org_member", [],
    ["org.read", "org.read_members", "apikey.read", "app.read", "app.read_bundles", "app.read_channels", "app.read_devices", "app.read_logs", "app.read_audit"]);
app.MapGet("/v1/me", () => me);
app.MapPost("/v1/keys/verify", (VerifyRequest request) => new VerifyShape(
    request.Key is not null, "VALID", me.Id, me.OrganizationId, null, me.Permissions, null, null, null, null));

app.Run();

internal sealed record AppRoleShape(string AppId, string Role);

internal sealed record MeShape(string PrincipalType, string Id, string? OrganizationId, string OrgRole, IReadOnlyList<AppRoleShape> AppRoles, IReadOnlyList<string> Permissions);

internal sealed record VerifyRequest(string? Key, string? AppId, IReadOnlyList<string>? Permissions);

internal sealed record VerifyShape(
    bool Valid, string Code, string? KeyId, string? OrganizationId, string? ProjectId, IReadOnlyList<string> Permissions,
    DateTimeOffset? ExpiresAt, JsonElement? Meta, long? CreditsRemaining, object? RateLimit);
