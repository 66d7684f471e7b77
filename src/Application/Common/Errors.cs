using ApiKeys.Domain.Common;

namespace ApiKeys.Application.Common;

/// <summary>Failures of the application layer itself, shared by every feature.</summary>
public static class ApplicationErrors
{
    public static Error Unauthenticated { get; } = new(ErrorKind.Unauthorized, "unauthorized", "Missing or invalid credentials.");

    public static Error OrganizationNotFound { get; } = Error.NotFound("organization_not_found", "Organization not found.");

    public static Error MissingPermission(string permission) =>
        Error.Forbidden("forbidden", $"This action needs the '{permission}' permission.");

    /// <summary>A request type that declares no authorization: a bug, refused rather than let through.</summary>
    public static Error UndeclaredAuthorization { get; } =
        Error.Forbidden("forbidden", "This request declares no authorization and is refused.");

    public static Error Escalation { get; } =
        Error.Forbidden("role_escalation", "The caller must hold every permission of the key, member or role it acts on, at each scope.");

    /// <summary>The verification pool is full: the work ahead takes <paramref name="retryAfter"/>.</summary>
    public static Error Overloaded(TimeSpan retryAfter) =>
        new(ErrorKind.Unavailable, "service_unavailable", "Too many key verifications are in progress; retry shortly.") { RetryAfter = retryAfter };

    public static Error UnknownApp(string field, string appId) =>
        Error.Validation(field, $"The organization has no app '{appId}'.");
}
