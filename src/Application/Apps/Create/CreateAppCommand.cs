using ApiKeys.Application.Apps.Common;
using ApiKeys.Application.Common.Security;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;
using Mediator;

namespace ApiKeys.Application.Apps.Create;

public sealed record CreateAppCommand(OrganizationId OrganizationId, string? AppId, string? Name) : ICommand<Result<AppEnvelope>>, IRequirePermission
{
    public string RequiredPermission => Permission.OrgUpdateSettings;
}
