using ApiKeys.Domain.Organizations;
using Riok.Mapperly.Abstractions;

namespace ApiKeys.Application.Organizations.Common;

public sealed record OrganizationResponse(string Id, string Name, KeyPolicyResponse KeyPolicy, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed record KeyPolicyResponse(bool RequireExpiration, int? MaxLifetimeDays, bool RequireSecureKeys);

/// <summary><c>{"organization": {...}}</c>.</summary>
public sealed record OrganizationEnvelope(OrganizationResponse Organization);

[Mapper(RequiredMappingStrategy = RequiredMappingStrategy.Target)]
internal static partial class OrganizationMapping
{
    public static partial OrganizationResponse ToResponse(Organization organization);

    public static OrganizationEnvelope ToEnvelope(Organization organization) => new(ToResponse(organization));
}
