namespace ApiKeys.Api.OpenApi;

/// <summary>
/// The error statuses an action can answer besides the ones every route shares (401, 429 and 503 when it needs a
/// caller; 413 and 415 when it reads a body), documented with the contract's error body.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ErrorResponsesAttribute(params int[] statuses) : Attribute
{
    public IReadOnlyList<int> Statuses { get; } = statuses;
}
