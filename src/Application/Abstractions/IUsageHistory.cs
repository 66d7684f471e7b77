using ApiKeys.Domain.Common;

namespace ApiKeys.Application.Abstractions;

/// <summary>Reads the hourly usage counts <see cref="IUsageCounter"/> collected for one key.</summary>
public interface IUsageHistory
{
    /// <summary>
    /// The non-empty hours of <paramref name="keyId"/> whose start is in [<paramref name="from"/>, <paramref name="to"/>),
    /// as written by every node plus what this node has counted but not written yet.
    /// </summary>
    Task<IReadOnlyDictionary<DateTimeOffset, UsageCounts>> HourlyAsync(ApiKeyId keyId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);
}
