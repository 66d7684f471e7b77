namespace ApiKeys.Infrastructure.ChangeFeed;

/// <summary>
/// Sequence numbers the feed skipped over. A number is taken when its row is inserted, not when it commits, so a
/// transaction still open (a bulk change, a slow save) can commit a row below one already read; a rolled-back save
/// leaves a number that never fills. Each skipped range is looked at again until it is older than the cache's
/// trust in an answer, after which nothing it could still bring would be news; past <see cref="Most"/> ranges the
/// oldest is given up, bounded by that same trust.
/// </summary>
public sealed class FeedGaps(TimeSpan patience)
{
    public const int Most = 32;

    private readonly List<Gap> _gaps = [];

    /// <summary>The ranges still worth a look; those older than the patience are dropped.</summary>
    public IReadOnlyList<(long From, long To)> Open(DateTimeOffset now)
    {
        _gaps.RemoveAll(g => now - g.Noticed > patience);
        return [.. _gaps.Select(g => (g.From, g.To))];
    }

    /// <summary>Notes the numbers between the last one read and the next row found.</summary>
    public void Skipped(long from, long to, DateTimeOffset now)
    {
        if (from <= to)
        {
            _gaps.Add(new Gap(from, to, now));
            Trim();
        }
    }

    /// <summary>A row arrived in a gap: the gap closes around it.</summary>
    public bool Filled(long sequence)
    {
        var index = _gaps.FindIndex(g => g.From <= sequence && sequence <= g.To);
        if (index < 0)
        {
            return false;
        }

        var gap = _gaps[index];
        _gaps.RemoveAt(index);
        if (gap.From < sequence)
        {
            _gaps.Add(gap with { To = sequence - 1 });
        }

        if (sequence < gap.To)
        {
            _gaps.Add(gap with { From = sequence + 1 });
        }

        Trim();
        return true;
    }

    private void Trim()
    {
        while (_gaps.Count > Most)
        {
            _gaps.Remove(_gaps.MinBy(g => g.Noticed)!);
        }
    }

    private sealed record Gap(long From, long To, DateTimeOffset Noticed);
}
