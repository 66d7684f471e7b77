using ApiKeys.Application.Abstractions;
using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.Common;
using Mediator;

namespace ApiKeys.Application.ApiKeys.Usage;

internal sealed class GetApiKeyUsageHandler(IApiKeyRepository keys, IUsageHistory history, TimeProvider time)
    : IQueryHandler<GetApiKeyUsageQuery, Result<ApiKeyUsageResponse>>
{
    public async ValueTask<Result<ApiKeyUsageResponse>> Handle(GetApiKeyUsageQuery query, CancellationToken cancellationToken)
    {
        var window = UsageWindow.Resolve(query.From, query.To, query.Granularity, time.GetUtcNow());
        if (!window.IsSuccess)
        {
            return window.Error!;
        }

        if (await keys.FindAsync(query.OrganizationId, query.KeyId, cancellationToken) is null)
        {
            return ApiKeyErrors.NotFound;
        }

        var hours = await history.HourlyAsync(query.KeyId, window.Value.Start, window.Value.End, cancellationToken);
        var buckets = window.Value.Buckets().ToDictionary(b => b, _ => default(UsageCounts));
        foreach (var (hour, counts) in hours)
        {
            var bucket = window.Value.BucketOf(hour);
            buckets[bucket] = buckets.GetValueOrDefault(bucket) + counts;
        }

        return new ApiKeyUsageResponse([.. buckets.OrderBy(b => b.Key).Select(b =>
            new UsageBucketResponse(b.Key, b.Value.Valid, b.Value.Rejected, b.Value.RateLimited, b.Value.UsageExceeded))]);
    }
}
