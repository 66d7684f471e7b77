using System.Diagnostics;
using ApiKeys.Infrastructure.Persistence;
using Microsoft.AspNetCore.Diagnostics;

namespace ApiKeys.Api.Errors;

/// <summary>
/// The one place unexpected exceptions become responses: request-shape problems keep their status, a database
/// that cannot be reached is a 503 with <c>Retry-After</c>, anything else a 500 with no detail but a trace id in the log.
/// </summary>
public sealed partial class ApiExceptionHandler(ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (httpContext.Response.HasStarted)
        {
            return false;
        }

        switch (exception)
        {
            case BadHttpRequestException bad:
                await ErrorResponses.WriteAsync(httpContext, bad.StatusCode, ErrorResponses.ForStatus(bad.StatusCode));
                return true;
            case OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested:
                return true;
            case var _ when DatabaseFailures.IsDeadlock(exception):
                // Outside a save (a row lock's statement): the request lost a race, as a stale version would.
                await ErrorResponses.WriteAsync(httpContext, StatusCodes.Status409Conflict, new ErrorBody("The change raced with another request; retry.", "concurrent_update"));
                return true;
            case var _ when DatabaseFailures.IsUnavailable(exception):
                LogDatabaseUnavailable(logger, exception.GetType().Name, Activity.Current?.TraceId.ToString() ?? httpContext.TraceIdentifier);
                ThrottleHeaders.SetRetryAfter(httpContext.Response, ThrottleHeaders.OutageRetry);
                await ErrorResponses.WriteAsync(httpContext, StatusCodes.Status503ServiceUnavailable, ErrorResponses.ForStatus(StatusCodes.Status503ServiceUnavailable));
                return true;
            default:
                LogUnexpected(logger, exception, Activity.Current?.TraceId.ToString() ?? httpContext.TraceIdentifier);
                await ErrorResponses.WriteAsync(httpContext, StatusCodes.Status500InternalServerError, new ErrorBody("An unexpected error occurred.", "internal_error"));
                return true;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database unavailable ({ExceptionType}); answered 503. Trace {TraceId}")]
    private static partial void LogDatabaseUnavailable(ILogger logger, string exceptionType, string traceId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected error. Trace {TraceId}")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string traceId);
}
