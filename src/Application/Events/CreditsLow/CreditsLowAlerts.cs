using System.Collections.Concurrent;
using ApiKeys.Domain.Common;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ApiKeys.Application.Events.CreditsLow;

/// <summary>
/// Raises <c>api_key.credits_low</c> for a key a verify found low, off the request (the verify answers without
/// waiting) and at most one raise per key at a time on this node, so the verifies that race past the line do not
/// each run one. A raise that fails, or is lost at a stop, changes nothing: the next verify that finds the credits
/// low (taken or refused) starts another, until one commits its notice.
/// </summary>
public sealed partial class CreditsLowAlerts(IServiceScopeFactory scopes, ILogger<CreditsLowAlerts> logger)
{
    private readonly ConcurrentDictionary<ApiKeyId, bool> _raising = new();

    public void Raise(OrganizationId organizationId, ApiKeyId keyId)
    {
        if (!_raising.TryAdd(keyId, true))
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await RaiseNowAsync(organizationId, keyId);
            }
            finally
            {
                _raising.TryRemove(keyId, out _);
            }
        });
    }

    private async Task RaiseNowAsync(OrganizationId organizationId, ApiKeyId keyId)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new RaiseCreditsLowEventCommand(organizationId, keyId));

            // A conflict is another raise of the same grant committing first: it was raised there.
            if (!result.IsSuccess && result.Error!.Kind != ErrorKind.Conflict)
            {
                LogFailed(logger, keyId.ToString(), result.Error.Code);
            }
        }
        catch (Exception exception)
        {
            LogFailed(logger, keyId.ToString(), exception.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "api_key.credits_low for {KeyId} not raised ({Reason}); the next verify that finds the credits low tries again")]
    private static partial void LogFailed(ILogger logger, string keyId, string reason);
}
