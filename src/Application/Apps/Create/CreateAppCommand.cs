using ApiKeys.Application.Abstractions;
using ApiKeys.Application.Apps.Common;
using ApiKeys.Application.Audit;
using ApiKeys.Application.Common.Security;
using ApiKeys.Application.Common.Validation;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Organizations;
using FluentValidation;
using Mediator;

namespace ApiKeys.Application.Apps.Create;

public sealed record CreateAppCommand(OrganizationId OrganizationId, string? AppId, string? Name) : ICommand<Result<AppEnvelope>>, IRequirePermission
{
    public string RequiredPermission => Permission.OrgUpdateSettings;
}

internal sealed class CreateAppValidator : AbstractValidator<CreateAppCommand>
{
    public CreateAppValidator()
    {
        RuleFor(c => c.AppId).NotNull().WithMessage("app_id is required.").ValidAppId();
        RuleFor(c => c.Name).ValidName();
    }
}

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
        return new AppEnvelope(AppMapping.ToResponse(app));
    }
}
