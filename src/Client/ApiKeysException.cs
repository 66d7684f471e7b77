using System.Net;

namespace ApiKeys.Client;

/// <summary>
/// An error answer of ApiKeys, in the contract's terms (docs/api.md §7): the status, the snake_case <see cref="Code"/>
/// (<c>api_key_not_found</c>, <c>role_escalation</c>, …), the message, and <see cref="Details"/> naming bad fields.
/// The legacy routes answer Capgo's <c>{"error", "status": "KO"}</c>: there <see cref="Code"/> is <c>KO</c>.
/// </summary>
public sealed class ApiKeysException : Exception
{
    public ApiKeysException(HttpStatusCode status, string code, string message, IReadOnlyDictionary<string, string[]>? details = null, TimeSpan? retryAfter = null)
        : base(message)
    {
        Status = status;
        Code = code;
        Details = details;
        RetryAfter = retryAfter;
    }

    public ApiKeysException()
        : this(HttpStatusCode.InternalServerError, "error", "ApiKeys answered an error.")
    {
    }

    public ApiKeysException(string message)
        : this(HttpStatusCode.InternalServerError, "error", message)
    {
    }

    public ApiKeysException(string message, Exception innerException)
        : base(message, innerException)
    {
        Status = HttpStatusCode.InternalServerError;
        Code = "error";
    }

    public HttpStatusCode Status { get; }

    public string Code { get; }

    public IReadOnlyDictionary<string, string[]>? Details { get; }

    /// <summary>From <c>Retry-After</c> on 429 and 503 answers.</summary>
    public TimeSpan? RetryAfter { get; }
}
