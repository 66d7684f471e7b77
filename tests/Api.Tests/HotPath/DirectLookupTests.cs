using System.Diagnostics.Metrics;
using System.Net;
using ApiKeys.Api.Tests.Infrastructure;
using ApiKeys.Infrastructure.Authentication;
using Microsoft.Extensions.DependencyInjection;

namespace ApiKeys.Api.Tests.HotPath;

/// <summary>
/// Issue 15: warm <c>GET /v1/me</c> is answered without MVC, and the answer is exactly the controller's: same status,
/// bytes and headers. A query string sends the same request through MVC, so both answers are compared here.
/// </summary>
public sealed class DirectLookupTests(ApiFactory factory) : IClassFixture<ApiFactory>, IDisposable
{
    private readonly MeterListener _listener = new();
    private long _direct;

    private void Listen()
    {
        var counter = factory.Services.GetRequiredService<KeyMetrics>().DirectLookups;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument, counter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _direct, value));
        _listener.Start();
    }

    public void Dispose() => _listener.Dispose();

    private static async Task<(HttpStatusCode Status, string Body, string Headers)> ReadAsync(HttpResponseMessage response)
    {
        var headers = string.Join("\n", response.Headers.Concat(response.Content.Headers)
            .Where(h => h.Key is not "Date")
            .OrderBy(h => h.Key, StringComparer.Ordinal)
            .Select(h => $"{h.Key}: {string.Join(",", h.Value)}"));
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), headers);
    }

    [Theory]
    [InlineData("none", false)]
    [InlineData("member", false)]
    [InlineData("admin", true)]
    public async Task WarmMe_IsAnsweredDirectly_ByteForByteAsTheController(string orgRole, bool withAppRole)
    {
        Listen();
        var (org, ownerKey) = await factory.CreateOrganizationAsync();
        var owner = factory.WithToken(ownerKey);
        (await owner.PostJsonAsync($"/v1/organizations/{org}/apps", new { app_id = "com.direct.app", name = "Direct" })).Response.EnsureSuccessStatusCode();
        object body = withAppRole
            ? new { name = "direct", org_role = orgRole, app_roles = new[] { new { app_id = "com.direct.app", role = "developer" } } }
            : new { name = "direct", org_role = orgRole };
        var (created, json) = await owner.PostJsonAsync($"/v1/organizations/{org}/api-keys", body);
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        var client = factory.WithToken(json!["plaintext_api_key"]!.GetValue<string>());
        var ct = TestContext.Current.CancellationToken;

        var before = Interlocked.Read(ref _direct);
        var direct = await ReadAsync(await client.GetAsync("/v1/me", ct));
        Interlocked.Read(ref _direct).Should().Be(before + 1, "the warm key's /v1/me is answered without MVC");
        var throughMvc = await ReadAsync(await client.GetAsync("/v1/me?through=mvc", ct));
        Interlocked.Read(ref _direct).Should().Be(before + 1, "a query string goes to the controller");

        direct.Status.Should().Be(HttpStatusCode.OK);
        direct.Should().Be(throughMvc);
        direct.Body.Should().Contain("\"principal_type\":\"api_key\"");
    }

    [Fact]
    public async Task UsersAndBadTokens_GoThroughTheUsualPipeline()
    {
        Listen();
        var ct = TestContext.Current.CancellationToken;
        var before = Interlocked.Read(ref _direct);
        var user = factory.WithToken(ApiFactory.UserJwt("user-direct"));
        (await user.GetAsync("/v1/me", ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        var anonymous = await factory.Anonymous().GetAsync("/v1/me", ct);
        anonymous.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        anonymous.Headers.WwwAuthenticate.ToString().Should().Be("Bearer");
        (await factory.WithToken("capy_live_notatoken").GetAsync("/v1/me", ct)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        Interlocked.Read(ref _direct).Should().Be(before);
    }
}
