using ApiKeys.Application.Apps.Common;
using ApiKeys.Application.Common.Security;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;
using Mediator;

namespace ApiKeys.Application.Apps.Get;

public sealed record GetAppQuery(OrganizationId OrganizationId, string AppId) : IQuery<Result<AppEnvelope>>, IRequirePermission
{
    public string RequiredPermission => Permission.AppRead;

    public string? RequiredAppId => AppId;
}
