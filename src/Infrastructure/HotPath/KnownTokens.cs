using System.Collections.Concurrent;
using ApiKeys.Application.KeyChecking;

namespace ApiKeys.Infrastructure.HotPath;

/// <summary>
/// The tokens this node verified, by the SHA-256 of the token: a concurrent map with a bound and a sliding expiry.
/// Not <c>MemoryCache</c>: its entry object and the boxed struct key cost about 200 bytes a cached key (a fifth of the
/// budget of 1 KB a key) and a box on every lookup. Here a key costs its map node; a hit allocates nothing and writes
/// only its last-seen time, at most once a second. Over the bound, the least recently seen tenth goes in the
/// background (as <c>MemoryCache</c> compacts); tokens unseen for the sliding time go at a sweep, once a minute at most.
/// </summary>
public sealed class KnownTokens
{
    private readonly ConcurrentDictionary<Sha256Digest, KnownToken> _entries = new();
    private readonly TimeProvider _time;
    private readonly long _limit;
    private readonly long _sliding;
    private readonly long _seenGranularity;
    private readonly long _sweepInterval;
    private long _count;
    private long _nextSweep;
    private int _tidying;

    public KnownTokens(long limit, TimeSpan sliding, TimeProvider time)
    {
        _time = time;
        _limit = limit;
        _sliding = (long)(sliding.TotalSeconds * time.TimestampFrequency);
        _seenGranularity = time.TimestampFrequency;
        _sweepInterval = 60 * time.TimestampFrequency;
        _nextSweep = time.GetTimestamp() + _sweepInterval;
    }

    /// <summary>How many tokens are held (the bound may be passed briefly, until the background tidy runs).</summary>
    public long Count => Interlocked.Read(ref _count);

    public bool TryGet(Sha256Digest tokenHash, long now, out KnownToken known)
    {
        if (_entries.TryGetValue(tokenHash, out known!))
        {
            if (now - known.LastSeen < _sliding)
            {
                known.SeenAt(now, _seenGranularity);
                return true;
            }

            Remove(tokenHash, known);
        }

        known = null!;
        return false;
    }

    public void Set(Sha256Digest tokenHash, KnownToken known)
    {
        while (true)
        {
            if (_entries.TryGetValue(tokenHash, out var current))
            {
                if (_entries.TryUpdate(tokenHash, known, current))
                {
                    break;
                }
            }
            else if (_entries.TryAdd(tokenHash, known))
            {
                if (Interlocked.Increment(ref _count) > _limit)
                {
                    TidyInBackground();
                }

                break;
            }
        }

        if (known.LastSeen >= Interlocked.Read(ref _nextSweep))
        {
            TidyInBackground();
        }
    }

    public void Remove(Sha256Digest tokenHash)
    {
        if (_entries.TryRemove(tokenHash, out _))
        {
            Interlocked.Decrement(ref _count);
        }
    }

    /// <summary>Removes what is unseen for the sliding time and, over the bound, the least recently seen tenth of the rest.</summary>
    public void Tidy()
    {
        var now = _time.GetTimestamp();
        Interlocked.Exchange(ref _nextSweep, now + _sweepInterval);
        foreach (var (tokenHash, known) in _entries)
        {
            if (now - known.LastSeen >= _sliding)
            {
                Remove(tokenHash, known);
            }
        }

        var excess = Count - (_limit - (_limit / 10));
        if (excess <= 0 || Count <= _limit)
        {
            return;
        }

        // The count and the entries are read apart: concurrent removals may have emptied the map meanwhile.
        var seen = _entries.Values.Select(k => k.LastSeen).ToArray();
        if (seen.Length == 0)
        {
            return;
        }

        Array.Sort(seen);
        var cutoff = seen[Math.Min(excess, seen.Length) - 1];

        // Last-seen times are kept to the second, so a herd of new tokens shares one: of those seen exactly at the
        // cutoff, only as many go as the excess needs, or one tidy would empty the map.
        var below = Array.BinarySearch(seen, cutoff);
        while (below > 0 && seen[below - 1] == cutoff)
        {
            below--;
        }

        var atCutoff = excess - below;
        foreach (var (tokenHash, known) in _entries)
        {
            if (known.LastSeen < cutoff || (known.LastSeen == cutoff && atCutoff-- > 0))
            {
                Remove(tokenHash, known);
            }
        }
    }

    /// <summary>Whether a background tidy is running (tests wait for it before they count).</summary>
    internal bool IsTidying => Volatile.Read(ref _tidying) == 1;

    private void Remove(Sha256Digest tokenHash, KnownToken known)
    {
        // Only this entry: a newer one stored meanwhile under the same token stays.
        if (_entries.TryRemove(new KeyValuePair<Sha256Digest, KnownToken>(tokenHash, known)))
        {
            Interlocked.Decrement(ref _count);
        }
    }

    private void TidyInBackground()
    {
        if (Interlocked.Exchange(ref _tidying, 1) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static self =>
            {
                try
                {
                    self.Tidy();
                }
                finally
                {
                    Volatile.Write(ref self._tidying, 0);
                }
            }, this, preferLocal: false);
        }
    }
}
