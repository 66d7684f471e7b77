using ApiKeys.Application.Common.Security;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;
using Mediator;

namespace ApiKeys.Application.ApiKeys.Usage;

/// <summary>
/// A key's usage counts per UTC hour or day (docs/api.md §9). <see cref="From"/>, <see cref="To"/> and
/// <see cref="Granularity"/> are the query string as sent; <see cref="UsageWindow"/> reads them.
/// </summary>
public sealed record GetApiKeyUsageQuery(OrganizationId OrganizationId, ApiKeyId KeyId, string? From, string? To, string? Granularity)
    : IQuery<Result<ApiKeyUsageResponse>>, IRequirePermission
{
    public string RequiredPermission => Permission.ApiKeyRead;
}

/// <summary><c>{usage: [...]}</c>: every bucket of the window, oldest first, empty ones included.</summary>
public sealed record ApiKeyUsageResponse(IReadOnlyList<UsageBucketResponse> Usage);

public sealed record UsageBucketResponse(DateTimeOffset Start, long Valid, long Rejected, long RateLimited, long UsageExceeded);
