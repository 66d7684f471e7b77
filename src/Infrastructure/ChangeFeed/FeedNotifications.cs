namespace ApiKeys.Infrastructure.ChangeFeed;

/// <summary>
/// The database's word that some node committed feed rows (PostgreSQL's <c>NOTIFY</c>, see
/// <see cref="PostgresFeedListener"/>): the poller reads at once instead of at its next tick. Providers without
/// notifications never pulse it and the poller keeps its interval.
/// </summary>
public sealed class FeedNotifications
{
    private readonly KeyChangeSignal _signal = new();

    public Task Next => _signal.Next;

    public void Pulse() => _signal.Pulse();
}
