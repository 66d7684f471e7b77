using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ApiKeys.Api.Tests.Harness;

/// <summary>
/// A real webhook receiver on 127.0.0.1 (Kestrel, a port of its own): it checks each delivery's Standard Webhooks
/// signature against the endpoint's secret, keeps every request, and can be told to fail for a while.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _failuresLeft;

    private WebhookReceiver(WebApplication app) => _app = app;

    public string Url { get; private set; } = string.Empty;

    /// <summary>The endpoint's signing secret, once the test has created the endpoint.</summary>
    public string? Secret { get; set; }

    public ConcurrentQueue<ReceivedWebhook> Received { get; } = new();

    /// <summary>The ids of deliveries that were held (and then answered 504, if the sender still listened).</summary>
    public ConcurrentQueue<string> Held { get; } = new();

    private long _holdTicks;

    /// <summary>Keeps the next delivery waiting this long before answering (a slow receiver, or one the sender dies on).</summary>
    public void HoldNext(TimeSpan hold) => Interlocked.Exchange(ref _holdTicks, hold.Ticks);

    /// <summary>Answers the next <paramref name="count"/> deliveries with 503 (a receiver that is down a while).</summary>
    public void FailNext(int count) => Interlocked.Exchange(ref _failuresLeft, count);

    /// <summary>Distinct events, by <c>webhook-id</c> (deliveries are at least once).</summary>
    public IReadOnlyList<ReceivedWebhook> Distinct() => [.. Received.Where(r => r.Status == 200).GroupBy(r => r.Id).Select(g => g.First())];

    /// <summary>Adds an endpoint delivering <paramref name="events"/> of <paramref name="organization"/> here, and keeps its secret to check signatures.</summary>
    public async Task SubscribeAsync(HttpClient owner, string organization, params string[] events)
    {
        var (_, hook) = await owner.PostJsonAsync($"/v1/organizations/{organization}/webhooks", new { url = Url, events });
        Secret = hook!["secret"]!.GetValue<string>();
    }

    /// <summary>The distinct events once there are <paramref name="distinct"/> of them, or when <paramref name="patience"/> runs out.</summary>
    public async Task<IReadOnlyList<ReceivedWebhook>> WaitForAsync(int distinct, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (Distinct().Count < distinct && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        return Distinct();
    }

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var id = context.Request.Headers["webhook-id"].ToString();
            var timestamp = context.Request.Headers["webhook-timestamp"].ToString();
            var signature = context.Request.Headers["webhook-signature"].ToString();
            var valid = receiver.Secret is { } secret && SignatureOf(secret, id, timestamp, body) == signature;
            if (Interlocked.Exchange(ref receiver._holdTicks, 0) is > 0 and var hold)
            {
                receiver.Held.Enqueue(id);
                await Task.Delay(TimeSpan.FromTicks(hold));
                return Results.StatusCode(504);
            }

            var status = Interlocked.Decrement(ref receiver._failuresLeft) >= 0 ? 503 : valid ? 200 : 400;
            receiver.Received.Enqueue(new ReceivedWebhook(id, timestamp, signature, body, valid, status));
            return Results.StatusCode(status);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = address.TrimEnd('/') + "/hook";
        return receiver;
    }

    /// <summary>Written from the Standard Webhooks specification, independently of the service's signer.</summary>
    private static string SignatureOf(string secret, string id, string timestamp, string body)
    {
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}")));
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

public sealed record ReceivedWebhook(string Id, string Timestamp, string Signature, string Body, bool SignatureValid, int Status)
{
    public JsonNode Json => JsonNode.Parse(Body)!;

    public string Type => Json["type"]!.GetValue<string>();
}
