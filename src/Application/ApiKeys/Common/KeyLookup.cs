using ApiKeys.Application.Abstractions;
using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.Common;

namespace ApiKeys.Application.ApiKeys.Common;

/// <summary>The first step of every request on one key: the key of the organization, or <c>404</c> (another organization's id names nothing).</summary>
public sealed class KeyLookup(IApiKeyRepository keys)
{
    public async Task<Result<ApiKey>> FindAsync(OrganizationId organizationId, ApiKeyId keyId, CancellationToken cancellationToken) =>
        await keys.FindAsync(organizationId, keyId, cancellationToken) is { } key ? key : ApiKeyErrors.NotFound;
}
