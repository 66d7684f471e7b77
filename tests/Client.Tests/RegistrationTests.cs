using System.Net;
using Microsoft.Extensions.DependencyInjection;

namespace ApiKeys.Client.Tests;

/// <summary><c>AddApiKeysClient</c>: IHttpClientFactory, the standard resilience handler, retries only where a retry is safe.</summary>
public class RegistrationTests
{
    private sealed class FlakyHandler(HttpStatusCode first) : HttpMessageHandler
    {
        public int Calls { get; private set; }

        public List<string?> Authorizations { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Calls++;
            Authorizations.Add(request.Headers.Authorization?.ToString());
            var status = Calls == 1 ? first : HttpStatusCode.OK;
            var body = status == HttpStatusCode.OK
                ? """{"principal_type":"api_key","id":"key_1","organization_id":"org_1","org_role":"org_owner","app_roles":[],"permissions":[]}"""
                : """{"error":"down","code":"service_unavailable"}""";
            return Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") });
        }
    }

    private static (ApiKeysClient Client, FlakyHandler Handler) Build(HttpStatusCode first)
    {
        var handler = new FlakyHandler(first);
        var services = new ServiceCollection();
        services.AddApiKeysClient(o =>
        {
            o.BaseAddress = new Uri("http://apikeys.test");
            o.Token = "capy_live_000000000000000000000000000000003UFVO5";
        }).ConfigurePrimaryHttpMessageHandler(() => handler);
        return (services.BuildServiceProvider().GetRequiredService<ApiKeysClient>(), handler);
    }

    [Fact]
    public async Task SafeRequests_AreRetried_ThroughTheStandardResilienceHandler()
    {
        var (client, handler) = Build(HttpStatusCode.ServiceUnavailable);
        var me = await client.GetMeAsync(cancellationToken: TestContext.Current.CancellationToken);
        me.OrgRole.Should().Be("org_owner");
        handler.Calls.Should().Be(2, "the 503 was retried");
        handler.Authorizations.Should().AllBe("Bearer capy_live_000000000000000000000000000000003UFVO5");
    }

    [Fact]
    public async Task UnsafeRequests_AreNotRetried_SoACreateNeverHappensTwice()
    {
        var (client, handler) = Build(HttpStatusCode.ServiceUnavailable);
        var failure = await client.Invoking(c => c.CreateApiKeyAsync("org_1", new() { Name = "once" }, TestContext.Current.CancellationToken))
            .Should().ThrowAsync<ApiKeysException>();
        failure.Which.Code.Should().Be("service_unavailable");
        handler.Calls.Should().Be(1);
    }

    [Fact]
    public void WithoutABaseAddress_TheOptionsAreRefused()
    {
        var services = new ServiceCollection();
        services.AddApiKeysClient(_ => { });
        var provider = services.BuildServiceProvider();
        provider.Invoking(p => p.GetRequiredService<ApiKeysClient>()).Should().Throw<Microsoft.Extensions.Options.OptionsValidationException>();
    }
}
