using ApiKeys.Api.Errors;

namespace ApiKeys.Api.Hardening;

/// <summary>
/// docs/api.md §7: bodies over 64 KiB are refused with 413 before anything reads them. Kestrel enforces the same
/// limit on bodies without a length (chunked); this answers early and in the contract's shape for declared ones.
/// </summary>
public static class RequestBodyLimit
{
    public const long MaxBytes = 64 * 1024;

    /// <summary>Import alone takes up to 1 MiB (its action raises Kestrel's limit with <c>[RequestSizeLimit]</c>).</summary>
    public const long ImportMaxBytes = 1024 * 1024;

    private static readonly ErrorBody OverLimit = new("The request body is larger than 64 KiB.", "payload_too_large");

    private static readonly ErrorBody OverImportLimit = new("The request body is larger than 1 MiB, the most an import takes.", "payload_too_large");

    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var import = IsImport(context.Request);
        return context.Request.ContentLength > (import ? ImportMaxBytes : MaxBytes)
            ? ErrorResponses.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, import ? OverImportLimit : OverLimit)
            : next(context);
    });

    private static bool IsImport(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) && request.Path.Value is { } path && path.EndsWith("/api-keys/import", StringComparison.Ordinal)
            && path.StartsWith("/v1/organizations/", StringComparison.Ordinal);
}
