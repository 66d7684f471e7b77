using ApiKeys.Api.Errors;

namespace ApiKeys.Api.Hardening;

/// <summary>
/// docs/api.md §7: bodies over 64 KiB are refused with 413 before anything reads them. Kestrel enforces the same
/// limit on bodies without a length (chunked); this answers early and in the contract's shape for declared ones.
/// </summary>
public static class RequestBodyLimit
{
    public const long MaxBytes = 64 * 1024;

    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app) => app.Use((context, next) =>
        context.Request.ContentLength > MaxBytes
            ? ErrorResponses.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, ErrorResponses.ForStatus(StatusCodes.Status413PayloadTooLarge))
            : next(context));
}
