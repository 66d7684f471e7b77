using System.Diagnostics;
using ApiKeys.Domain.Common;
using Mediator;
using Microsoft.Extensions.Logging;

namespace ApiKeys.Application.Common.Behaviors;

/// <summary>Logs the request's name, outcome and duration: never its body, which may carry or yield a secret.</summary>
public sealed partial class LoggingBehavior<TMessage, TResponse>(ILogger<LoggingBehavior<TMessage, TResponse>> logger)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
    where TResponse : IResult<TResponse>
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var response = await next(message, cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (response.IsSuccess)
        {
            LogSucceeded(logger, typeof(TMessage).Name, elapsed);
        }
        else
        {
            LogFailed(logger, typeof(TMessage).Name, response.Error!.Code, elapsed);
        }

        return response;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Request} succeeded in {ElapsedMs:F1} ms")]
    private static partial void LogSucceeded(ILogger logger, string request, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Request} failed with {Code} in {ElapsedMs:F1} ms")]
    private static partial void LogFailed(ILogger logger, string request, string code, double elapsedMs);
}
