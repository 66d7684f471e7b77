using System.Diagnostics.Metrics;
using System.Net.Http.Headers;
using System.Text;
using ApiKeys.Application.Abstractions;
using ApiKeys.Domain.Webhooks;
using ApiKeys.Infrastructure.Background;
using ApiKeys.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ApiKeys.Infrastructure.Events;

/// <summary>
/// Delivers the outbox, on every node: claims due rows (<see cref="OutboxClaimer"/>), posts each to its endpoint
/// signed as Standard Webhooks do, and records the attempt: delivered on a 2xx, otherwise retried on
/// <see cref="RetrySchedule"/> until 24 hours have passed.
/// </summary>
public sealed partial class WebhookDispatcher(
    IServiceScopeFactory scopes,
    IHttpClientFactory clients,
    IOptions<WebhookOptions> options,
    TimeProvider time,
    ILogger<WebhookDispatcher> logger) : BackgroundService
{
    public const string HttpClientName = "webhooks";
    private static readonly Meter Meter = new("ApiKeys.Webhooks");
    private static readonly Counter<long> Attempts = Meter.CreateCounter<long>("apikeys_webhook_attempts", description: "Webhook delivery attempts, by outcome");

    private readonly RetrySchedule _schedule = new(TimeSpan.FromMilliseconds(options.Value.FirstRetryMilliseconds));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(options.Value.PollIntervalMilliseconds), time);
        do
        {
            try
            {
                while (await DispatchOnceAsync(stoppingToken) == options.Value.BatchSize && !stoppingToken.IsCancellationRequested)
                {
                    // A full batch: there may be more due now.
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogDispatchFailed(logger, exception.GetType().Name);
            }
        }
        while (await timer.NextTickAsync(stoppingToken));
    }

    /// <returns>How many deliveries were claimed.</returns>
    public async Task<int> DispatchOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var protector = scope.ServiceProvider.GetRequiredService<ISecretProtector>();
        var claimed = await OutboxClaimer.ClaimAsync(db, options.Value.BatchSize, TimeSpan.FromSeconds(options.Value.LeaseSeconds), time.GetUtcNow(), cancellationToken);
        if (claimed.Count == 0)
        {
            return 0;
        }

        var endpointIds = claimed.Select(d => d.WebhookId).Distinct().ToList();
        var endpoints = await db.WebhookEndpoints.AsNoTracking().Where(w => endpointIds.Contains(w.Id)).ToDictionaryAsync(w => w.Id, cancellationToken);
        var attempts = new System.Collections.Concurrent.ConcurrentBag<WebhookAttempt>();
        await Parallel.ForEachAsync(claimed, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (delivery, ct) =>
        {
            if (endpoints.TryGetValue(delivery.WebhookId, out var endpoint) && protector.Unprotect(endpoint.EncryptedSecret) is { } secret)
            {
                attempts.Add(await AttemptAsync(delivery, endpoint, secret, ct));
            }
        });
        db.WebhookAttempts.AddRange(attempts);
        await db.SaveChangesAsync(cancellationToken);
        return claimed.Count;
    }

    private async Task<WebhookAttempt> AttemptAsync(WebhookDelivery delivery, WebhookEndpoint endpoint, string secret, CancellationToken cancellationToken)
    {
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url)
        {
            Content = new StringContent(delivery.Payload, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        var id = delivery.Id.ToString();
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSignature.Sign(secret, id, timestamp, delivery.Payload));
        int? status = null;
        string? error = null;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(options.Value.TimeoutSeconds));
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            status = (int)response.StatusCode;
            LogAttempted(logger, delivery.EventType, id, endpoint.Host, status.Value);
        }
        catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            error = exception is OperationCanceledException ? "timeout" : exception.GetType().Name;
            LogAttemptFailed(logger, delivery.EventType, id, endpoint.Host, error);
        }

        var now = time.GetUtcNow();
        if (status is >= 200 and < 300)
        {
            delivery.Delivered(status.Value, now);
            Attempts.Add(1, new KeyValuePair<string, object?>("outcome", "delivered"));
        }
        else
        {
            delivery.Failed(status, now, _schedule, Random.Shared.NextDouble());
            Attempts.Add(1, new KeyValuePair<string, object?>("outcome", delivery.NextAttemptAt is null ? "gave_up" : "retry"));
        }

        return WebhookAttempt.Of(delivery, now, error);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook dispatch failed ({ExceptionType}); will retry")]
    private static partial void LogDispatchFailed(ILogger logger, string exceptionType);

    // An endpoint is named by its host only: a URL's path or query often holds the receiver's own secret.
    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook {EventType} delivery {DeliveryId} to {WebhookHost} answered {StatusCode}")]
    private static partial void LogAttempted(ILogger logger, string eventType, string deliveryId, string webhookHost, int statusCode);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook {EventType} delivery {DeliveryId} to {WebhookHost} got no answer ({ExceptionType})")]
    private static partial void LogAttemptFailed(ILogger logger, string eventType, string deliveryId, string webhookHost, string exceptionType);
}
