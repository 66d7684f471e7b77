using ApiKeys.Application.ApiKeys.Common;
using ApiKeys.Application.Common.Security;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;
using Mediator;

namespace ApiKeys.Application.ApiKeys.Get;

public sealed record GetApiKeyQuery(OrganizationId OrganizationId, ApiKeyId KeyId) : IQuery<Result<ApiKeyEnvelope>>, IRequirePermission
{
    public string RequiredPermission => Permission.ApiKeyRead;
}

internal sealed class GetApiKeyHandler(KeyLookup keys, ApiKeyPresenter presenter) : IQueryHandler<GetApiKeyQuery, Result<ApiKeyEnvelope>>
{
    public async ValueTask<Result<ApiKeyEnvelope>> Handle(GetApiKeyQuery query, CancellationToken cancellationToken) =>
        (await keys.FindAsync(query.OrganizationId, query.KeyId, cancellationToken)).Map(key => new ApiKeyEnvelope(presenter.Present(key)));
}
