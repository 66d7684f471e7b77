using ApiKeys.Application.KeyChecking;
using ApiKeys.Application.Common;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;

namespace ApiKeys.Application.Me.Common;

/// <summary>The one definition of a <c>GET /v1/me</c> answer, for the handler and for the direct lookup of a warm key.</summary>
public static class MeDescriber
{
    public const string UserType = "user";
    public const string ApiKeyType = "api_key";

    public static MeResponse ForKey(AuthenticatedKey key) => Describe(ApiKeyType, key.Id.ToString(), key.OrganizationId, key.Access);

    public static MeResponse Describe(string type, string id, OrganizationId? organizationId, Access access) =>
        new(type, id, organizationId?.ToString(), RoleNames.OrgRole(access.OrgRole), RoleNames.AppRoles(access.AppRoles), access.Describe());
}
