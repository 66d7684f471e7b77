using ApiKeys.Domain.Organizations;
using Riok.Mapperly.Abstractions;

namespace ApiKeys.Application.Apps.Common;

[Mapper(RequiredMappingStrategy = RequiredMappingStrategy.Target)]
internal static partial class AppMapping
{
    public static partial AppResponse ToResponse(App app);

    public static AppEnvelope ToEnvelope(App app) => new(ToResponse(app));
}
