using ApiKeys.Application.Abstractions;
using ApiKeys.Application.KeyChanges.Common;
using ApiKeys.Domain.Common;
using Mediator;

namespace ApiKeys.Application.KeyChanges.List;

internal sealed class ListKeyChangesHandler(IKeyChangeFeed feed, IKeyChangeCursors cursors, TimeProvider time) : IQueryHandler<ListKeyChangesQuery, Result<KeyChangeListResponse>>
{
    private const int PageSize = 200;

    public async ValueTask<Result<KeyChangeListResponse>> Handle(ListKeyChangesQuery query, CancellationToken cancellationToken)
    {
        var after = cursors.TryRead(query.OrganizationId, query.After, out var position) ? position : 0;
        var deadline = time.GetUtcNow() + TimeSpan.FromSeconds(query.WaitSeconds ?? 0);
        while (true)
        {
            // Taken before reading: a change committed between the read and the wait still wakes it.
            var next = feed.NextChange;
            var changes = await feed.ReadAsync(query.OrganizationId, after, PageSize, cancellationToken);
            if (changes.Count > 0)
            {
                return new KeyChangeListResponse([.. changes.Select(ToResponse)], cursors.Issue(query.OrganizationId, changes[^1].Position));
            }

            var remaining = deadline - time.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                // Nothing for this organization: move the cursor past other organizations' rows so the next read is
                // short. Sealed, that move tells the follower nothing of them.
                return new KeyChangeListResponse([], cursors.Issue(query.OrganizationId, Math.Max(after, await feed.PositionAsync(cancellationToken))));
            }

            // Woken by a change on this node (or seen by its feed poller), or at least once a second as a safety net.
            await Task.WhenAny(next, Task.Delay(remaining < TimeSpan.FromSeconds(1) ? remaining : TimeSpan.FromSeconds(1), time, cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private static KeyChangeResponse ToResponse(KeyChangeEntry entry) =>
        new(entry.KeyId.ToString(), entry.KeyPrefix, entry.Change, entry.At);
}
