using ApiKeys.Application.Abstractions;
using ApiKeys.Application.Apps.Common;
using ApiKeys.Application.Audit;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Organizations;
using Mediator;

namespace ApiKeys.Application.Apps.Create;

internal sealed class CreateAppHandler(IAppRepository apps, AuditTrail audit, TimeProvider time) : ICommandHandler<CreateAppCommand, Result<AppEnvelope>>
{
    public async ValueTask<Result<AppEnvelope>> Handle(CreateAppCommand command, CancellationToken cancellationToken)
    {
        if (await apps.FindAsync(command.OrganizationId, command.AppId!, cancellationToken) is not null)
        {
            return OrganizationErrors.AppExists;
        }

        var app = App.Create(command.OrganizationId, command.AppId!, command.Name!, time.Now());
        apps.Add(app);
        audit.Record(command.OrganizationId, AuditActions.AppCreated, target: app.AppId);
        return AppMapping.ToEnvelope(app);
    }
}
