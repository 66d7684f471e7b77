using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using ApiKeys.Api.Tests.Harness;

namespace ApiKeys.Api.Tests.Hardening;

/// <summary>
/// The service as <see cref="ApiFactory"/> runs it, with a failure budget large enough for thousands of bad
/// credentials from the one in-process client address (the default is 20 per address per minute, then 429).
/// </summary>
public class HardeningFactory : ApiFactory
{
    public const string UserId = "hardening-user";

    private readonly SemaphoreSlim _worldLock = new(1, 1);
    private HardeningWorld? _world;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Auth:HotPath:FailureBudget"] = "1000000",
    };

    /// <summary>A client acting as the owning user, by JWT: its requests never touch a key's <c>last_used_at</c>.</summary>
    public HttpClient User()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", UserJwt(UserId));
        return client;
    }

    /// <summary>One organization (made by the user), one app and one RBAC key, shared by the tests of a class.</summary>
    public async Task<HardeningWorld> WorldAsync()
    {
        await _worldLock.WaitAsync();
        try
        {
            if (_world is null)
            {
                var user = User();
                var (orgResponse, org) = await user.PostJsonAsync("/v1/organizations", new { name = "Hardening" });
                orgResponse.EnsureSuccessStatusCode();
                var orgId = org!["organization"]!["id"]!.GetValue<string>();
                var (appResponse, _) = await user.PostJsonAsync($"/v1/organizations/{orgId}/apps", new { app_id = "com.demo.app", name = "Demo" });
                appResponse.EnsureSuccessStatusCode();
                var (keyResponse, key) = await user.PostJsonAsync($"/v1/organizations/{orgId}/api-keys", new { name = "target", org_role = "member" });
                keyResponse.EnsureSuccessStatusCode();
                _world = new HardeningWorld(orgId, key!["api_key"]!["id"]!.GetValue<string>(), key["plaintext_api_key"]!.GetValue<string>());
            }

            return _world;
        }
        finally
        {
            _worldLock.Release();
        }
    }

    public override async ValueTask DisposeAsync()
    {
        _worldLock.Dispose();
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

public sealed record HardeningWorld(string OrganizationId, string KeyId, string KeyToken);

/// <summary>Assertions on the contract's error body (§7).</summary>
public static class ErrorShape
{
    /// <summary><c>{"error": string, "code": string, "details": {...}?}</c>, nothing else.</summary>
    public static void ShouldBeContractError(JsonNode? body, string because)
    {
        body.Should().NotBeNull(because);
        var obj = body!.AsObject();
        obj["error"].Should().NotBeNull(because);
        obj["error"]!.GetValueKind().Should().Be(System.Text.Json.JsonValueKind.String, because);
        obj["code"].Should().NotBeNull(because);
        obj["code"]!.GetValueKind().Should().Be(System.Text.Json.JsonValueKind.String, because);
        obj["code"]!.GetValue<string>().Should().MatchRegex("^[a-z][a-z0-9_]*$", because);
        if (obj["details"] is { } details)
        {
            details.GetValueKind().Should().Be(System.Text.Json.JsonValueKind.Object, because);
        }

        obj.Select(p => p.Key).Should().BeSubsetOf(["error", "code", "details"], because);
    }
}
