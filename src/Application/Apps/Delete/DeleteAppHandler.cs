using ApiKeys.Application.Abstractions;
using ApiKeys.Application.Apps.Common;
using ApiKeys.Application.Audit;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Organizations;
using Mediator;

namespace ApiKeys.Application.Apps.Delete;

internal sealed class DeleteAppHandler(IAppRepository apps, IMemberRepository members, AuditTrail audit, TimeProvider time)
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

        apps.Remove(app);
        audit.Record(command.OrganizationId, AuditActions.AppDeleted, target: app.AppId);
        return new DeletedResponse(true);
    }
}
