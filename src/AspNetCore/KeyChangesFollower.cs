using System.Net;
using ApiKeys.Client;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ApiKeys.AspNetCore;

/// <summary>
/// Follows <c>GET /v1/organizations/{org}/key-changes</c> with a long poll and evicts every changed key from the
/// scheme's cache, so a revoked key is refused here about as soon as ApiKeys commits the revocation. The
/// organization is the verifier key's own (from <c>/v1/me</c>). While ApiKeys is away it retries each second; the
/// cache durations bound what an outage can leave stale.
/// </summary>
internal sealed partial class KeyChangesFollower(
    string scheme,
    IOptionsMonitor<ApiKeysAuthenticationOptions> options,
    IHttpClientFactory clients,
    KeyVerificationCaches caches,
    ILogger<KeyChangesFollower> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Get(scheme);
        if (!settings.FollowKeyChanges)
        {
            return;
        }

        string? organizationId = null;
        string? cursor = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var client = new ApiKeysClient(clients.CreateClient(KeyVerificationCaches.ChangesClientName(scheme)));
                organizationId ??= (await client.GetMeAsync(cancellationToken: stoppingToken)).OrganizationId
                    ?? throw new InvalidOperationException("The verifier key belongs to no organization.");
                var answer = await client.GetKeyChangesAsync(organizationId, cursor, cursor is null ? null : settings.KeyChangesWait, stoppingToken);
                foreach (var change in answer.Changes)
                {
                    caches.For(scheme).Evict(change.KeyId);
                }

                cursor = answer.Cursor;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (ApiKeysException refused) when (refused.Status == HttpStatusCode.BadRequest && cursor is not null)
            {
                // The cursor no longer opens (ApiKeys upgraded, or its key ring replaced): what changed since it is
                // unknown, so every cached answer goes, and following starts again from the oldest change kept.
                LogCursorRefused(logger);
                caches.For(scheme).EvictAll();
                cursor = null;
            }
            catch (Exception exception)
            {
                LogFollowFailed(logger, exception.GetType().Name);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "ApiKeys refused the key-changes cursor; cached answers dropped, following again from the start")]
    private static partial void LogCursorRefused(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Following ApiKeys key changes failed ({ExceptionType}); retrying")]
    private static partial void LogFollowFailed(ILogger logger, string exceptionType);
}
