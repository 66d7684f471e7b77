namespace ApiKeys.Infrastructure.ChangeFeed;

/// <summary>
/// Wakes long polls of <c>key-changes</c>: pulsed when this node commits a key change and when its change-feed
/// poller sees rows written by other nodes. Each pulse completes the current task and arms a new one.
/// </summary>
public sealed class KeyChangeSignal
{
    private TaskCompletionSource _next = NewSource();

    public Task Next => Volatile.Read(ref _next).Task;

    public void Pulse() => Interlocked.Exchange(ref _next, NewSource()).TrySetResult();

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
