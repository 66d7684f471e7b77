using ApiKeys.Domain.Audit;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;

namespace ApiKeys.Application.Abstractions;

/// <summary>
/// Who is calling: a user (the identity provider's <c>sub</c>) or an API key, whose organization and
/// effective access were settled when it authenticated.
/// </summary>
public sealed record Principal(ActorType Type, string Id, OrganizationId? KeyOrganizationId = null, Access? KeyAccess = null)
{
    public static Principal User(string userId) => new(ActorType.User, userId);

    public static Principal Key(ApiKeyId keyId, OrganizationId organizationId, Access access) =>
        new(ActorType.ApiKey, keyId.ToString(), organizationId, access);

    public bool IsKey => Type == ActorType.ApiKey;

    public Actor ToActor() => new(Type, Id);
}
