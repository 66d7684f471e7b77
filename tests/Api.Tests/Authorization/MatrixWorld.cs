using System.Net;
using System.Text.Json.Nodes;
using ApiKeys.Api.Tests.Harness;

namespace ApiKeys.Api.Tests.Authorization;

/// <summary>
/// One organization (made by a user over HTTP) with apps A and B and a client for every principal of the matrix,
/// set up once; and, per route, what one cell does: make the throwaway target it needs (as the owner), then call the
/// route as the principal and return the status.
/// </summary>
public sealed class MatrixWorld
{
    public const string AppA = "com.demo.a";
    public const string AppB = "com.demo.b";

    private readonly ApiFactory _factory;
    private readonly Dictionary<Principal, HttpClient> _clients = [];
    private int _counter;

    private MatrixWorld(ApiFactory factory, string organizationId, HttpClient owner)
    {
        _factory = factory;
        OrganizationId = organizationId;
        Owner = owner;
    }

    public string OrganizationId { get; }

    /// <summary>The owner user, who makes every throwaway target.</summary>
    public HttpClient Owner { get; }

    /// <summary>The key of no role that <c>GET</c>, <c>PATCH</c> and <c>PUT …/roles</c> act on.</summary>
    public string TargetKeyId { get; private set; } = string.Empty;

    private string Org => $"/v1/organizations/{OrganizationId}";

    public static async Task<MatrixWorld> CreateAsync(ApiFactory factory)
    {
        var ownerUserId = "matrix-owner-" + Guid.NewGuid().ToString("N")[..8];
        var owner = factory.WithToken(ApiFactory.UserJwt(ownerUserId));
        var (created, organization) = await owner.PostJsonAsync("/v1/organizations", new { name = "Matrix" });
        Expect(created, HttpStatusCode.Created, "create the organization");
        var world = new MatrixWorld(factory, organization!["organization"]!["id"]!.GetValue<string>(), owner);
        await world.SetUpAsync();
        return world;
    }

    public HttpClient ClientFor(Principal principal) => _clients[principal];

    private async Task SetUpAsync()
    {
        Expect((await Owner.PostJsonAsync($"{Org}/apps", new { app_id = AppA, name = "App A" })).Response, HttpStatusCode.Created, "create app A");
        Expect((await Owner.PostJsonAsync($"{Org}/apps", new { app_id = AppB, name = "App B" })).Response, HttpStatusCode.Created, "create app B");

        _clients[Principal.NoCredentials] = _factory.Anonymous();
        _clients[Principal.OwnerUser] = Owner;
        _clients[Principal.AdminKey] = await KeyClientAsync(new { name = "admin", org_role = "admin" });
        _clients[Principal.MemberKey] = await KeyClientAsync(new { name = "member", org_role = "member" });
        _clients[Principal.AppReaderKey] = await KeyClientAsync(new { name = "reader", app_roles = new[] { new { app_id = AppA, role = "reader" } } });
        _clients[Principal.AppUploaderKey] = await KeyClientAsync(new { name = "uploader", app_roles = new[] { new { app_id = AppA, role = "uploader" } } });
        _clients[Principal.AppDeveloperKey] = await KeyClientAsync(new { name = "developer", app_roles = new[] { new { app_id = AppA, role = "developer" } } });
        _clients[Principal.AppAdminKey] = await KeyClientAsync(new { name = "app admin", app_roles = new[] { new { app_id = AppA, role = "admin" } } });
        _clients[Principal.ScopedKey] = await KeyClientAsync(new { name = "scoped", org_role = "admin", scopes = new[] { "apikey.read" } });
        _clients[Principal.SettingsKey] = await KeyClientAsync(new { name = "settings", org_role = "admin", scopes = new[] { "org.update_settings" } });
        _clients[Principal.ProjectKey] = await KeyClientAsync(new { name = "project", project_id = AppB, app_roles = new[] { new { app_id = AppB, role = "admin" } } });
        _clients[Principal.LegacyRead] = await KeyClientAsync(new { name = "legacy read", mode = "read" });
        _clients[Principal.LegacyUpload] = await KeyClientAsync(new { name = "legacy upload", mode = "upload" });
        _clients[Principal.LegacyWrite] = await KeyClientAsync(new { name = "legacy write", mode = "write" });
        _clients[Principal.LegacyAll] = await KeyClientAsync(new { name = "legacy all", mode = "all" });
        _clients[Principal.LegacyAllOnA] = await KeyClientAsync(new { name = "legacy all on A", mode = "all", limited_to_apps = new[] { AppA } });
        _clients[Principal.RateLimitedAdminKey] = await KeyClientAsync(new { name = "limited admin", org_role = "admin", rate_limits = new[] { new { name = "minute", limit = 1000, window_seconds = 60 } } });

        var (_, otherOwnerKey) = await _factory.CreateOrganizationAsync("Other");
        _clients[Principal.OtherOrgKey] = _factory.WithToken(otherOwnerKey);

        var (revokedId, revokedToken) = await CreateKeyAsync(new { name = "revoked", org_role = "admin" });
        var revokedClient = _factory.WithToken(revokedToken);
        Expect((await revokedClient.GetJsonAsync("/v1/me")).Response, HttpStatusCode.OK, "use the key to be revoked once, so it is cached");
        Expect((await Owner.DeleteJsonAsync($"{Org}/api-keys/{revokedId}")).Response, HttpStatusCode.OK, "revoke a key");
        _clients[Principal.RevokedKey] = revokedClient;

        (TargetKeyId, _) = await CreateKeyAsync(new { name = "target" });

        // Every principal that should authenticate does, before any cell runs: a broken setup is not a matrix failure.
        foreach (var (principal, client) in _clients)
        {
            if (principal is not (Principal.NoCredentials or Principal.RevokedKey))
            {
                Expect((await client.GetJsonAsync("/v1/me")).Response, HttpStatusCode.OK, $"authenticate as {principal}");
            }
        }
    }

    /// <summary>Runs the cell of route number <paramref name="route"/> (an index into <see cref="AuthorizationMatrix.Routes"/>) as <paramref name="caller"/>.</summary>
    public async Task<HttpStatusCode> RunAsync(int route, HttpClient caller)
    {
        var n = Interlocked.Increment(ref _counter);
        var legacyOrg = $"?org_id={OrganizationId}";
        var (response, _) = route switch
        {
            0 => await caller.GetJsonAsync(Org),
            1 => await caller.PatchJsonAsync(Org, new { name = $"Matrix {n}" }),
            2 => await caller.PostJsonAsync($"{Org}/apps", new { app_id = $"com.matrix.new{n}", name = $"New {n}" }),
            3 => await caller.GetJsonAsync($"{Org}/apps"),
            4 => await caller.GetJsonAsync($"{Org}/apps/{AppA}"),
            5 => await caller.DeleteJsonAsync($"{Org}/apps/{await ThrowawayAppAsync(n)}"),
            6 => await caller.GetJsonAsync($"{Org}/members"),
            7 => await caller.PutJsonAsync($"{Org}/members/matrix-new-{n}", new { org_role = "none", app_roles = Array.Empty<object>() }),
            8 => await caller.DeleteJsonAsync($"{Org}/members/{await ThrowawayMemberAsync(n)}"),
            9 => await caller.GetJsonAsync($"{Org}/audit-events"),
            10 => await caller.GetJsonAsync("/v1/me"),
            11 => await caller.GetJsonAsync($"{Org}/api-keys"),
            12 => await caller.PostJsonAsync($"{Org}/api-keys", new { name = $"made {n}", org_role = "none" }),
            13 => await caller.GetJsonAsync($"{Org}/api-keys/{TargetKeyId}"),
            14 => await caller.PatchJsonAsync($"{Org}/api-keys/{TargetKeyId}", new { name = $"target {n}" }),
            15 => await caller.PutJsonAsync($"{Org}/api-keys/{TargetKeyId}/roles", new { org_role = "none", app_roles = Array.Empty<object>() }),
            16 => await caller.PostJsonAsync($"{Org}/api-keys/{(await CreateKeyAsync(new { name = $"regenerate {n}" })).Id}/regenerate", new { }),
            17 => await caller.DeleteJsonAsync($"{Org}/api-keys/{(await CreateKeyAsync(new { name = $"revoke {n}" })).Id}"),
            18 => await caller.GetJsonAsync($"/apikey/{legacyOrg}"),
            19 => await caller.PostJsonAsync($"/apikey/{legacyOrg}", new { name = $"capgo {n}", mode = "read" }),
            20 => await caller.DeleteJsonAsync($"/apikey/{(await CreateKeyAsync(new { name = $"capgo revoke {n}", mode = "read" })).Id}/{legacyOrg}"),
            21 => await caller.GetJsonAsync($"{Org}/api-keys/{TargetKeyId}/usage"),
            22 => await caller.GetJsonAsync("/v1/roles"),
            23 => await caller.PostJsonAsync($"{Org}/webhooks", new { url = $"https://8.8.8.8/matrix{n}", events = new[] { "api_key.expiring" } }),
            24 => await caller.GetJsonAsync($"{Org}/webhooks"),
            _ => throw new ArgumentOutOfRangeException(nameof(route)),
        };
        return response.StatusCode;
    }

    private async Task<string> ThrowawayAppAsync(int n)
    {
        var appId = $"com.matrix.gone{n}";
        Expect((await Owner.PostJsonAsync($"{Org}/apps", new { app_id = appId, name = $"Gone {n}" })).Response, HttpStatusCode.Created, "create a throwaway app");
        return appId;
    }

    private async Task<string> ThrowawayMemberAsync(int n)
    {
        var userId = $"matrix-gone-{n}";
        Expect((await Owner.PutJsonAsync($"{Org}/members/{userId}", new { org_role = "member", app_roles = Array.Empty<object>() })).Response, HttpStatusCode.OK, "add a throwaway member");
        return userId;
    }

    private async Task<HttpClient> KeyClientAsync(object body) => _factory.WithToken((await CreateKeyAsync(body)).Token);

    private async Task<(string Id, string Token)> CreateKeyAsync(object body)
    {
        var (response, created) = await Owner.PostJsonAsync($"{Org}/api-keys", body);
        Expect(response, HttpStatusCode.Created, $"create key {JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(body))!.ToJsonString()}: {created?.ToJsonString()}");
        return (created!["api_key"]!["id"]!.GetValue<string>(), created["plaintext_api_key"]!.GetValue<string>());
    }

    private static void Expect(HttpResponseMessage response, HttpStatusCode status, string what) =>
        response.StatusCode.Should().Be(status, $"the matrix setup must be able to {what}");
}
