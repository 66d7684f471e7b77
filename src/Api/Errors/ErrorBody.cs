using System.Text.Json.Serialization;
using ApiKeys.Domain.Common;

namespace ApiKeys.Api.Errors;

/// <summary>The contract's error body (docs/api.md §7): <c>{"error": "...", "code": "...", "details": {...}?}</c>.</summary>
public sealed record ErrorBody(
    string Error,
    string Code,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string[]>? Details = null)
{
    public static ErrorBody From(Error error) => new(error.Message, error.Code, error.Details);

    public static int StatusOf(ErrorKind kind) => kind switch
    {
        ErrorKind.Validation => StatusCodes.Status400BadRequest,
        ErrorKind.Unauthorized => StatusCodes.Status401Unauthorized,
        ErrorKind.Forbidden => StatusCodes.Status403Forbidden,
        ErrorKind.NotFound => StatusCodes.Status404NotFound,
        ErrorKind.Conflict => StatusCodes.Status409Conflict,
        ErrorKind.Policy => StatusCodes.Status422UnprocessableEntity,
        ErrorKind.RateLimited => StatusCodes.Status429TooManyRequests,
        ErrorKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };
}
