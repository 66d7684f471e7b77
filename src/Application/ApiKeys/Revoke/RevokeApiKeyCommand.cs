using ApiKeys.Application.Abstractions;
using ApiKeys.Application.ApiKeys.Common;
using ApiKeys.Application.Common.Security;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;
using Mediator;

namespace ApiKeys.Application.ApiKeys.Revoke;

/// <summary>
/// Revokes a key at once. Needs <c>apikey.manage</c> and covering the key, except that a key may always revoke
/// itself (a job that finds its own key leaked can stop it). The last owner key of an organization stays.
/// </summary>
/// <param name="LegacyOnly">Capgo's <c>DELETE /apikey/{id}/</c>: it sees legacy keys only, an RBAC key's id is not found.</param>
public sealed record RevokeApiKeyCommand(OrganizationId OrganizationId, ApiKeyId KeyId, bool LegacyOnly = false) : ICommand<Result<RevokedResponse>>, IRequirePermission
{
    public string RequiredPermission => Permission.ApiKeyManage;

    public bool IsAllowed(Access access, Principal principal) =>
        access.Has(Permission.ApiKeyManage) || (principal.IsKey && principal.Id == KeyId.ToString());
}
