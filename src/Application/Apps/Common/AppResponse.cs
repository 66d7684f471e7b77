namespace ApiKeys.Application.Apps.Common;

/// <summary>The contract's <c>app</c> object (docs/api.md §3).</summary>
public sealed record AppResponse(string AppId, string OrganizationId, string Name, DateTimeOffset CreatedAt);

/// <summary><c>{"app": {...}}</c>.</summary>
public sealed record AppEnvelope(AppResponse App);

public sealed record AppListResponse(IReadOnlyList<AppResponse> Apps, string? NextCursor);

public sealed record DeletedResponse(bool Deleted);
