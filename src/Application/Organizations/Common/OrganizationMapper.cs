using ApiKeys.Domain.Organizations;
using Riok.Mapperly.Abstractions;

namespace ApiKeys.Application.Organizations.Common;

[Mapper(RequiredMappingStrategy = RequiredMappingStrategy.Target)]
internal static partial class OrganizationMapping
{
    public static partial OrganizationResponse ToResponse(Organization organization);

    public static OrganizationEnvelope ToEnvelope(Organization organization) => new(ToResponse(organization));
}
