using ApiKeys.Application.Apps.Common;
using ApiKeys.Application.Common.Security;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;
using Mediator;

namespace ApiKeys.Application.Apps.Delete;

/// <summary>Deletes an app and the members' role bindings on it, so a new app with the same id starts with no member grants.</summary>
public sealed record DeleteAppCommand(OrganizationId OrganizationId, string AppId) : ICommand<Result<DeletedResponse>>, IRequirePermission
{
    public string RequiredPermission => Permission.AppDelete;

    public string? RequiredAppId => AppId;
}
