using ApiKeys.Application.Abstractions;
using ApiKeys.Application.Apps.Common;
using ApiKeys.Application.Audit;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Organizations;
using Mediator;

namespace ApiKeys.Application.Apps.Delete;

/// <summary>
/// Deletes an app and every binding to it (contract §2): members' and keys' app roles go, its project keys are
/// revoked, legacy keys lose it from their limits (revoked when none remain). Every changed key is in the change
/// feed of this transaction, so every node evicts it; an app created later with the same id starts with no grants.
/// </summary>
internal sealed class DeleteAppHandler(IAppRepository apps, IMemberRepository members, IApiKeyRepository keys, AuditTrail audit, TimeProvider time)
    : ICommandHandler<DeleteAppCommand, Result<DeletedResponse>>
{
    public async ValueTask<Result<DeletedResponse>> Handle(DeleteAppCommand command, CancellationToken cancellationToken)
    {
        var app = await apps.FindAsync(command.OrganizationId, command.AppId, cancellationToken);
        if (app is null)
        {
            return OrganizationErrors.AppNotFound;
        }

        var now = time.Now();
        foreach (var member in await members.ListByAppAsync(command.OrganizationId, command.AppId, cancellationToken))
        {
            member.ForgetApp(command.AppId, now);
        }

        foreach (var key in await keys.ListUnrevokedAsync(command.OrganizationId, cancellationToken))
        {
            if (key.ForgetApp(command.AppId, now) && key.IsRevoked)
            {
                audit.Record(command.OrganizationId, AuditActions.ApiKeyRevoked, key.Id.ToString(), target: app.AppId);
            }
        }

        apps.Remove(app);
        audit.Record(command.OrganizationId, AuditActions.AppDeleted, target: app.AppId);
        return new DeletedResponse(true);
    }
}
