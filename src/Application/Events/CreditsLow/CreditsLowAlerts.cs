using ApiKeys.Domain.Common;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ApiKeys.Application.Events.CreditsLow;

/// <summary>
/// Raises <c>api_key.credits_low</c> for a key whose credits a verify just left low, in a scope of its own (verify is a
/// query and saves nothing else). Rare: once per grant. A failure is logged and changes nothing: the next take that
/// finds the credits low tries again.
/// </summary>
public sealed partial class CreditsLowAlerts(IServiceScopeFactory scopes, ILogger<CreditsLowAlerts> logger)
{
    public async Task RaiseAsync(OrganizationId organizationId, ApiKeyId keyId, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<ISender>().Send(new RaiseCreditsLowEventCommand(organizationId, keyId), cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogFailed(logger, keyId.ToString(), exception.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "api_key.credits_low for {KeyId} not raised ({ExceptionType}); the next take tries again")]
    private static partial void LogFailed(ILogger logger, string keyId, string exceptionType);
}
