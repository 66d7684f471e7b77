using System.Diagnostics.Metrics;
using System.Net;
using ApiKeys.Api.HotPath;
using ApiKeys.Api.Observability;
using ApiKeys.Api.Tests.Harness;
using ApiKeys.Infrastructure.HotPath;
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
    public async Task DirectAnswers_AreTracedAsAuthenticatedRequests()
    {
        Listen();
        var (org, ownerKey) = await factory.CreateOrganizationAsync();
        var (_, created) = await factory.WithToken(ownerKey).PostJsonAsync($"/v1/organizations/{org}/api-keys", new { name = "traced", org_role = "member" });
        var keyId = created!["api_key"]!["id"]!.GetValue<string>();
        var stopped = new System.Collections.Concurrent.ConcurrentQueue<System.Diagnostics.Activity>();
        // ASP.NET Core stops its request activity after the response is written, so the client may see the answer
        // first: the test waits for that span to stop (bounded) rather than expecting it already stopped.
        var requestStopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var listener = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = source => source.Name is Tracing.SourceName or "Microsoft.AspNetCore",
            Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = span =>
            {
                stopped.Enqueue(span);
                if (span.Source.Name == "Microsoft.AspNetCore" && Equals(span.GetTagItem(Tracing.KeyIdTag), keyId))
                {
                    requestStopped.TrySetResult();
                }
            },
        };
        System.Diagnostics.ActivitySource.AddActivityListener(listener);

        var before = Interlocked.Read(ref _direct);
        (await factory.WithToken(created["plaintext_api_key"]!.GetValue<string>()).GetAsync("/v1/me", TestContext.Current.CancellationToken)).StatusCode.Should().Be(HttpStatusCode.OK);
        Interlocked.Read(ref _direct).Should().Be(before + 1, "the warm key's /v1/me is answered without MVC, so it is the direct answer that is traced");
        await requestStopped.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        stopped.Should().Contain(span => span.Source.Name == Tracing.SourceName && Equals(span.GetTagItem(Tracing.KeyIdTag), keyId));
        stopped.Should().Contain(span => span.Source.Name == "Microsoft.AspNetCore" && Equals(span.GetTagItem(Tracing.KeyIdTag), keyId));
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

    private async Task<(string Org, HttpClient Owner, HttpClient Verifier, string VerifierToken)> VerifierAsync(ApiFactory on)
    {
        var (org, ownerKey) = await on.CreateOrganizationAsync();
        var owner = on.WithToken(ownerKey);
        (await owner.PostJsonAsync($"/v1/organizations/{org}/apps", new { app_id = "com.direct.app", name = "Direct" })).Response.EnsureSuccessStatusCode();
        var (_, created) = await owner.PostJsonAsync($"/v1/organizations/{org}/api-keys", new { name = "verifier", org_role = "admin", scopes = new[] { "apikey.verify" } });
        var token = created!["plaintext_api_key"]!.GetValue<string>();
        return (org, owner, on.WithToken(token), token);
    }

    private static async Task<(HttpStatusCode, string, string)> PostAsync(HttpClient client, string path, string json)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        return await ReadAsync(await client.PostAsync(path, content, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task WarmVerify_IsAnsweredDirectly_ByteForByteAsTheController()
    {
        Listen();
        var (org, owner, verifier, _) = await VerifierAsync(factory);
        var (_, member) = await owner.PostJsonAsync($"/v1/organizations/{org}/api-keys", new { name = "member", org_role = "member" });
        var memberToken = member!["plaintext_api_key"]!.GetValue<string>();
        var (otherOrg, otherOwnerKey) = await factory.CreateOrganizationAsync("Other");
        var (_, foreign) = await factory.WithToken(otherOwnerKey).PostJsonAsync($"/v1/organizations/{otherOrg}/api-keys", new { name = "foreign" });
        var foreignToken = foreign!["plaintext_api_key"]!.GetValue<string>();
        var (_, weak) = await owner.PostJsonAsync($"/v1/organizations/{org}/api-keys", new { name = "weak", org_role = "member" });
        var weakCaller = factory.WithToken(weak!["plaintext_api_key"]!.GetValue<string>());

        // Queries the pipeline would let through are answered directly; bad input goes to it for its 400.
        (string Body, bool Direct)[] bodies =
        [
            ($"{{\"key\": \"{memberToken}\"}}", true),
            ($"{{\"key\": \"{memberToken}\", \"app_id\": \"com.direct.app\", \"permissions\": [\"app.read\"]}}", true),
            ($"{{\"key\": \"{memberToken}\", \"app_id\": \"com.direct.app\", \"permissions\": [\"app.delete\"]}}", true),
            ($"{{\"key\": \"{memberToken}\", \"app_id\": \"com.elsewhere.app\"}}", true),
            ($"{{\"key\": \"{foreignToken}\"}}", true),
            ("{\"key\": \"capy_live_000000000000000000000000000000003UFVO5\"}", true),
            ("{\"key\": \"not a token\"}", true),
            ("{}", false),
            ($"{{\"key\": \"{memberToken}\", \"permissions\": [\"no.such_permission\"]}}", false),
            ($"{{\"key\": \"{memberToken}\", \"app_id\": \"Not An App\"}}", false),
            ($"{{\"key\": \"{memberToken}\", \"cost\": -1}}", false),
            ($"{{\"key\": \"{memberToken}\", \"client_ip\": \"300.1.2.3\"}}", false),
        ];
        foreach (var (body, answeredDirectly) in bodies)
        {
            var before = Interlocked.Read(ref _direct);
            var direct = await PostAsync(verifier, "/v1/keys/verify", body);
            Interlocked.Read(ref _direct).Should().Be(answeredDirectly ? before + 1 : before, "only what the pipeline would let through is answered without it: {0}", body);
            direct.Item1.Should().Be(answeredDirectly ? HttpStatusCode.OK : HttpStatusCode.BadRequest, body);
            var throughMvc = await PostAsync(verifier, "/v1/keys/verify?through=mvc", body);
            direct.Should().Be(throughMvc, "the same answer either way for {0}", body);

            // A caller without apikey.verify is left to the pipeline and gets its answer (403, or 400 first), whichever way.
            before = Interlocked.Read(ref _direct);
            var weakDirect = await PostAsync(weakCaller, "/v1/keys/verify", body);
            var weakMvc = await PostAsync(weakCaller, "/v1/keys/verify?through=mvc", body);
            weakDirect.Should().Be(weakMvc);
            weakDirect.Item1.Should().Be(answeredDirectly ? HttpStatusCode.Forbidden : HttpStatusCode.BadRequest, "validation comes first: {0}", body);
            Interlocked.Read(ref _direct).Should().Be(before);
        }

        // The same valid key asked again gets the same bytes (the shared answer, serialized once).
        var first = await PostAsync(verifier, "/v1/keys/verify", bodies[0].Body);
        (await PostAsync(verifier, "/v1/keys/verify", bodies[0].Body)).Should().Be(first);

        // Bodies MVC would refuse are left to MVC (and answered as before).
        foreach (var bad in new[] { "{\"key\": ", "[1]", "null", "{\"key\": 5}" })
        {
            var before = Interlocked.Read(ref _direct);
            var (status, _, _) = await PostAsync(verifier, "/v1/keys/verify", bad);
            status.Should().Be(HttpStatusCode.BadRequest);
            Interlocked.Read(ref _direct).Should().Be(before);
        }
    }

    [Fact]
    public async Task VerifyLimit_IsOneBucketPerCredential_WhicheverWayRequestsGo()
    {
        await using var limited = new LimitedFactory();
        await limited.InitializeAsync();
        var (_, _, verifier, _) = await VerifierAsync(limited);
        var statuses = new List<(bool Direct, HttpStatusCode Status)>();
        for (var i = 0; i < 12; i++)
        {
            var direct = i % 2 == 0;
            var (status, _, headers) = await PostAsync(verifier, direct ? "/v1/keys/verify" : "/v1/keys/verify?through=mvc", "{\"key\": \"capy_live_000000000000000000000000000000003UFVO5\"}");
            statuses.Add((direct, status));
            if (status == HttpStatusCode.TooManyRequests)
            {
                headers.Should().Contain("Retry-After: 1");
            }
        }

        // One permit a second, bursts of two: whichever way they came, most of the 12 calls were over the limit.
        statuses.Count(s => s.Status == HttpStatusCode.OK).Should().BeLessThanOrEqualTo(4);
        statuses.Should().Contain((true, HttpStatusCode.TooManyRequests)).And.Contain((false, HttpStatusCode.TooManyRequests));
    }

    private sealed class LimitedFactory : ApiFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings) { ["RateLimiting:VerifyPermitsPerSecond"] = "1" };
    }
}
