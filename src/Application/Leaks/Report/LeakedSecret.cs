namespace ApiKeys.Application.Leaks.Report;

/// <summary>Which of a key's secrets a leak report named, as the <c>api_key.leaked</c> event says it (<c>"secret"</c>).</summary>
public static class LeakedSecret
{
    public const string Current = "current";

    /// <summary>The secret a regeneration replaced, still in its grace period.</summary>
    public const string Previous = "previous";
}
