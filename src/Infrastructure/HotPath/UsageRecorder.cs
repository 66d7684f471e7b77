using System.Collections.Concurrent;
using ApiKeys.Domain.Common;

namespace ApiKeys.Infrastructure.HotPath;

/// <summary>
/// Remembers when each key was last used, in memory; <see cref="LastUsedFlusher"/> writes the lot in one batch
/// every few seconds and at shutdown, so a busy key costs no write per request.
/// </summary>
public sealed class UsageRecorder
{
    private ConcurrentDictionary<ApiKeyId, DateTimeOffset> _pending = new();

    public void Record(ApiKeyId keyId, DateTimeOffset usedAt) =>
        _pending.AddOrUpdate(keyId, usedAt, (_, previous) => previous >= usedAt ? previous : usedAt);

    /// <summary>Takes everything recorded so far; new uses go to a fresh batch.</summary>
    public IReadOnlyDictionary<ApiKeyId, DateTimeOffset> Drain() => Interlocked.Exchange(ref _pending, new());

    /// <summary>Puts back a batch whose write failed, keeping any newer use recorded meanwhile.</summary>
    public void Restore(IReadOnlyDictionary<ApiKeyId, DateTimeOffset> batch)
    {
        foreach (var (keyId, usedAt) in batch)
        {
            Record(keyId, usedAt);
        }
    }
}
