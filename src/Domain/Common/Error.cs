namespace ApiKeys.Domain.Common;

/// <summary>How an expected failure is answered; the Api maps each kind to one HTTP status.</summary>
public enum ErrorKind
{
    Validation,
    Unauthorized,
    Forbidden,
    NotFound,
    Conflict,
    Policy,
    RateLimited,
    Unavailable,
}

/// <summary>An expected failure: a stable snake_case code, a human message and, for bad input, the bad fields.</summary>
public sealed record Error(ErrorKind Kind, string Code, string Message)
{
    public IReadOnlyDictionary<string, string[]>? Details { get; init; }

    /// <summary>For a refusal that passes (rate limited, unavailable): when the same request can succeed.</summary>
    public TimeSpan? RetryAfter { get; init; }

    public static Error Validation(string field, string message) =>
        new(ErrorKind.Validation, "validation_failed", message) { Details = new Dictionary<string, string[]> { [field] = [message] } };

    public static Error NotFound(string code, string message) => new(ErrorKind.NotFound, code, message);

    public static Error Conflict(string code, string message) => new(ErrorKind.Conflict, code, message);

    public static Error Forbidden(string code, string message) => new(ErrorKind.Forbidden, code, message);

    public static Error Policy(string code, string message) => new(ErrorKind.Policy, code, message);
}
