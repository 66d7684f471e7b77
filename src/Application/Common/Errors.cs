using ApiKeys.Domain.Common;

namespace ApiKeys.Application.Common;

/// <summary>Failures of the application layer itself, shared by every feature.</summary>
public static class ApplicationErrors
{
    public static Error Unauthenticated { get; } = new(ErrorKind.Unauthorized, "unauthorized", "Missing or invalid credentials.");

    public static Error OrganizationNotFound { get; } = Error.NotFound("organization_not_found", "Organization not found.");

    public static Error MissingPermission(string permission) =>
        Error.Forbidden("forbidden", $"This action needs the '{permission}' permission.");

    public static Error Escalation { get; } =
        Error.Forbidden("role_escalation", "A caller may grant only roles whose permissions it holds itself at that scope.");

    public static Error Overloaded { get; } =
        new(ErrorKind.Unavailable, "service_unavailable", "Too many key verifications are in progress; retry shortly.");

    public static Error UnknownApp(string field, string appId) =>
        Error.Validation(field, $"The organization has no app '{appId}'.");
}
