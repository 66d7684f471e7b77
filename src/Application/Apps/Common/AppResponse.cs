using ApiKeys.Domain.Organizations;
using Riok.Mapperly.Abstractions;

namespace ApiKeys.Application.Apps.Common;

public sealed record AppResponse(string AppId, string OrganizationId, string Name, DateTimeOffset CreatedAt);

public sealed record AppEnvelope(AppResponse App);

public sealed record AppListResponse(IReadOnlyList<AppResponse> Apps, string? NextCursor);

public sealed record DeletedResponse(bool Deleted);

[Mapper(RequiredMappingStrategy = RequiredMappingStrategy.Target)]
internal static partial class AppMapping
{
    public static partial AppResponse ToResponse(App app);
}
