using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;

namespace ApiKeys.Api.Errors;

/// <summary>Capgo's messages on the legacy routes, word for word.</summary>
public static class LegacyErrors
{
    public const string InsufficientPermissionsMessage = "Insufficient permissions to manage API keys";
    public const string NotFoundMessage = "API key not found";

    public static Error InsufficientPermissions { get; } = Error.Forbidden("forbidden", InsufficientPermissionsMessage);

    public static Error NotFound { get; } = Error.NotFound("api_key_not_found", NotFoundMessage);

    public static string MessageFor(Error error) => error.Kind switch
    {
        ErrorKind.Unauthorized or ErrorKind.Forbidden => InsufficientPermissionsMessage,
        ErrorKind.NotFound => NotFoundMessage,
        ErrorKind.Validation when error.Details?.ContainsKey("mode") == true => LegacyModes.InvalidModeMessage,
        ErrorKind.Validation when error.Details is { Count: > 0 } details => details.First().Value[0],
        _ => error.Message,
    };
}
