namespace ApiKeys.Infrastructure.Background;

/// <summary>The wait of the background loops (webhook delivery, expiry scan): the next tick, or <see langword="false"/> once the host stops.</summary>
internal static class PeriodicTimers
{
    public static async Task<bool> NextTickAsync(this PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
