using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace ApiKeys.Api.Routing;

/// <summary>
/// Reads the last segment of the request target as sent and percent-decodes it once (docs/api.md §2: a member id is
/// the <c>sub</c> percent-encoded, <c>/</c> as <c>%2F</c>). The server's decoded path cannot be used: it leaves
/// <c>%2F</c> encoded but decodes <c>%25</c>, so <c>a%2Fb</c> and <c>a%252Fb</c> would both read <c>a%2Fb</c>.
/// </summary>
public sealed class EncodedPathSegmentBinder : IModelBinder
{
    public Task BindModelAsync(ModelBindingContext bindingContext)
    {
        var target = bindingContext.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget;
        var value = LastSegment(target) is { } segment
            ? Uri.UnescapeDataString(segment)
            : bindingContext.ValueProvider.GetValue(bindingContext.ModelName).FirstValue;
        bindingContext.Result = value is null ? ModelBindingResult.Failed() : ModelBindingResult.Success(value);
        return Task.CompletedTask;
    }

    /// <summary>The raw last segment of the target's path (a trailing <c>/</c> ignored, as routing ignores it).</summary>
    private static string? LastSegment(string? target)
    {
        if (string.IsNullOrEmpty(target))
        {
            return null;
        }

        var path = target.AsSpan();
        var end = path.IndexOfAny('?', '#');
        if (end >= 0)
        {
            path = path[..end];
        }

        if (path.EndsWith("/"))
        {
            path = path[..^1];
        }

        var start = path.LastIndexOf('/');
        return start < 0 || start == path.Length - 1 ? null : path[(start + 1)..].ToString();
    }
}
