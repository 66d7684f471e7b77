using ApiKeys.Application.Abstractions;
using ApiKeys.Domain.ApiKeys.Governance;

namespace ApiKeys.Infrastructure.RateLimiting;

/// <summary>
/// What this node holds of one key's rate-limit windows in Redis: <see cref="Spendable"/> units, claimed for the
/// windows in <see cref="Claim"/> under the definition <see cref="Limits"/>, spent under <see cref="Gate"/> until
/// <see cref="ExpiresTicks"/> (the earliest window end as this node measures it, or the slice's lifetime). One claim
/// at a time per key (<see cref="Claiming"/>).
/// </summary>
internal sealed class RateLimitSlice(long timestampFrequency)
{
    /// <summary>Per limit, the timestamp at which its window ends (measured from before the claim was sent).</summary>
    private long[] _windowEnds = [];

    public object Gate { get; } = new();

    public SemaphoreSlim Claiming { get; } = new(1, 1);

    /// <summary>Removed from the node's table: a take that finds it retired looks the key up again.</summary>
    public bool Retired { get; set; }

    public IReadOnlyList<RateLimit>? Limits { get; private set; }

    public WindowClaim? Claim { get; private set; }

    public long Spendable { get; private set; }

    public long ExpiresTicks { get; private set; }

    /// <summary>The batch size, fitted to how fast this node spends (about a tenth of a second of it).</summary>
    public long ClaimSize { get; set; } = 1;

    public long SpentSinceClaim { get; set; }

    public long LastClaimTicks { get; set; }

    /// <summary>Ended slices not yet given back: the next claim (or the sweeper) gives them back first.</summary>
    public List<Ended> Pending { get; } = [];

    /// <summary>Under <see cref="Gate"/>: takes <paramref name="cost"/> (0: only reads) from what is held, when it serves these limits now.</summary>
    public bool TrySpend(IReadOnlyList<RateLimit> limits, long cost, long now, out WindowCount[] counts)
    {
        counts = [];
        if (Claim is not { } claim || now >= ExpiresTicks || !SameDefinition(limits) || Spendable < cost)
        {
            return false;
        }

        Spendable -= cost;
        SpentSinceClaim += cost;
        counts = new WindowCount[limits.Count];
        for (var i = 0; i < limits.Count; i++)
        {
            counts[i] = new WindowCount(claim.Used[i] - Spendable, TimeSpan.FromSeconds(Math.Max(0, _windowEnds[i] - now) / (double)timestampFrequency), Open: true);
        }

        return true;
    }

    /// <summary>Under <see cref="Gate"/>, after <see cref="End"/>: holds what a claim granted beyond this take's cost.</summary>
    public void Hold(IReadOnlyList<RateLimit> limits, WindowClaim claim, long cost, long sentTicks, long lifetimeTicks)
    {
        Limits = limits;
        Claim = claim;
        Spendable = claim.Granted - cost;
        _windowEnds = new long[limits.Count];
        ExpiresTicks = sentTicks + lifetimeTicks;
        for (var i = 0; i < limits.Count; i++)
        {
            _windowEnds[i] = sentTicks + (long)(claim.LeftMs[i] / 1000.0 * timestampFrequency);
            ExpiresTicks = Math.Min(ExpiresTicks, _windowEnds[i]);
        }
    }

    /// <summary>Under <see cref="Gate"/>: forgets the slice and queues what it did not spend for giving back.</summary>
    public void End()
    {
        if (Claim is { } claim && Limits is { } limits && Spendable > 0)
        {
            Pending.Add(new Ended(limits, claim.Starts, Spendable));
        }

        Claim = null;
        Limits = null;
        Spendable = 0;
    }

    /// <summary>Under <see cref="Gate"/>: nothing held, nothing to give back.</summary>
    public bool IsEmpty => Claim is null && Pending.Count == 0;

    private bool SameDefinition(IReadOnlyList<RateLimit> limits) =>
        ReferenceEquals(limits, Limits) || (Limits is { } held && held.SequenceEqual(limits));

    public sealed record Ended(IReadOnlyList<RateLimit> Limits, long[] Starts, long Unspent);
}
