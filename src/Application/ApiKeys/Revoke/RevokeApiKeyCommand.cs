using ApiKeys.Application.Abstractions;
using ApiKeys.Application.ApiKeys.Common;
using ApiKeys.Application.Audit;
using ApiKeys.Application.Common.Security;
using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;
using Mediator;

namespace ApiKeys.Application.ApiKeys.Revoke;

/// <summary>Revokes a key at once. Anyone with <c>apikey.manage</c> may revoke any key of the org: stopping a key is never an escalation.</summary>
public sealed record RevokeApiKeyCommand(OrganizationId OrganizationId, ApiKeyId KeyId) : ICommand<Result<RevokedResponse>>, IRequirePermission
{
    public string RequiredPermission => Permission.ApiKeyManage;
}

internal sealed class RevokeApiKeyHandler(IApiKeyRepository keys, AuditTrail audit, TimeProvider time)
    : ICommandHandler<RevokeApiKeyCommand, Result<RevokedResponse>>
{
    public async ValueTask<Result<RevokedResponse>> Handle(RevokeApiKeyCommand command, CancellationToken cancellationToken)
    {
        var key = await keys.FindAsync(command.OrganizationId, command.KeyId, cancellationToken);
        if (key is null)
        {
            return ApiKeyErrors.NotFound;
        }

        var revoked = key.Revoke(time.Now());
        if (!revoked.IsSuccess)
        {
            return revoked.Error!;
        }

        audit.Record(command.OrganizationId, AuditActions.ApiKeyRevoked, key.Id.ToString());
        return new RevokedResponse(true);
    }
}
