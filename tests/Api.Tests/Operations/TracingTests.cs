using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using ApiKeys.Api.Observability;
using ApiKeys.Api.Tests.Harness;

namespace ApiKeys.Api.Tests.Operations;

/// <summary>Request traces (OpenTelemetry over ActivitySource) carry the key id, never the token.</summary>
public sealed class TracingTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task AuthenticatedRequest_SpanHasTheKeyId_AndNoSpanCarriesTheToken()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is Tracing.SourceName or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        var (org, ownerKey) = await factory.CreateOrganizationAsync();
        var (_, created) = await factory.WithToken(ownerKey).PostJsonAsync($"/v1/organizations/{org}/api-keys", new { name = "traced", org_role = "member" });
        var token = created!["plaintext_api_key"]!.GetValue<string>();
        var keyId = created["api_key"]!["id"]!.GetValue<string>();

        (await factory.WithToken(token).GetAsync("/v1/me")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await factory.WithToken(token[..^4] + "0000").GetAsync("/v1/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        var spans = stopped.ToList();
        spans.Should().Contain(span => span.Source.Name == Tracing.SourceName && Equals(span.GetTagItem(Tracing.KeyIdTag), keyId) && Equals(span.GetTagItem(Tracing.OutcomeTag), "Valid"));
        spans.Should().Contain(span => span.Source.Name == "Microsoft.AspNetCore" && Equals(span.GetTagItem(Tracing.KeyIdTag), keyId), "the request's own span names the key too");
        foreach (var span in spans)
        {
            var text = string.Join(' ', new[] { span.DisplayName, span.OperationName, span.StatusDescription ?? string.Empty }
                .Concat(span.TagObjects.Select(t => $"{t.Key}={t.Value}"))
                .Concat(span.Baggage.Select(b => $"{b.Key}={b.Value}"))
                .Concat(span.Events.SelectMany(e => e.Tags.Select(t => $"{t.Key}={t.Value}"))));
            text.Should().NotContain(token[16..], "no span carries a secret").And.NotContain(ownerKey[16..]);
        }
    }
}
