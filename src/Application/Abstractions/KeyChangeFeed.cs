using ApiKeys.Domain.Common;

namespace ApiKeys.Application.Abstractions;

/// <summary>
/// The change feed as other services follow it (docs/api.md §5, <c>key-changes</c>): the keys of one organization
/// whose authentication changed, in feed order, and a signal for long polls.
/// </summary>
public interface IKeyChangeFeed
{
    /// <summary>Up to <paramref name="limit"/> changes of the organization's keys after position <paramref name="after"/> (0 = the oldest kept), oldest first.</summary>
    Task<IReadOnlyList<KeyChangeEntry>> ReadAsync(OrganizationId organizationId, long after, int limit, CancellationToken cancellationToken);

    /// <summary>The feed's newest position, whichever organization it belongs to (0 when empty).</summary>
    Task<long> PositionAsync(CancellationToken cancellationToken);

    /// <summary>Completes the next time this node commits or sees a change; take it before reading, then await it.</summary>
    Task NextChange { get; }
}

/// <summary>One row of the feed: which key, its prefix now, what it is now (<c>revoked</c> or <c>updated</c>), when.</summary>
public sealed record KeyChangeEntry(long Position, ApiKeyId KeyId, string KeyPrefix, string Change, DateTimeOffset At);
