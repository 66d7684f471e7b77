using ApiKeys.Domain.Audit;
using Riok.Mapperly.Abstractions;

namespace ApiKeys.Application.Audit.Common;

[Mapper(RequiredMappingStrategy = RequiredMappingStrategy.Target)]
internal static partial class AuditEventMapping
{
    public static partial AuditEventResponse ToResponse(AuditEvent auditEvent);

    private static string ActorTypeName(ActorType type) => type switch
    {
        ActorType.User => "user",
        ActorType.ApiKey => "api_key",
        _ => "system",
    };
}
