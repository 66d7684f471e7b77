using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace ApiKeys.Api.Routing;

/// <summary>
/// A route value that is the path's last segment as the client sent it, percent-decoded exactly once
/// (<see cref="EncodedPathSegmentBinder"/>). Still a path parameter for the OpenAPI document.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class FromEncodedPathSegmentAttribute : ModelBinderAttribute
{
    public FromEncodedPathSegmentAttribute()
        : base(typeof(EncodedPathSegmentBinder)) => BindingSource = BindingSource.Path;
}
