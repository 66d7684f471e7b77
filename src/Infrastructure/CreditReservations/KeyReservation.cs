using ApiKeys.Domain.ApiKeys.Governance;

namespace ApiKeys.Infrastructure.CreditReservations;

/// <summary>
/// What this node holds of one key's credits, in memory: <see cref="Spendable"/> (already out of the database,
/// spent by verifies under <see cref="Gate"/>), and the mirror of its reservation row. One database operation at a
/// time per key (<see cref="Refilling"/>): concurrent verifies that find too little wait for it, then look again.
/// </summary>
internal sealed class KeyReservation
{
    public object Gate { get; } = new();

    public SemaphoreSlim Refilling { get; } = new(1, 1);

    /// <summary>The grant of the cached policy this serves (<see cref="Credits.At"/>): when it changes, all of it ends.</summary>
    public DateTimeOffset? PolicyGrant { get; set; }

    public Guid? ReservationId { get; set; }

    /// <summary>The grant in the database the reservation row belongs to.</summary>
    public DateTimeOffset GrantedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public bool Unlimited { get; set; }

    public long Spendable { get; set; }

    public long Held { get; set; }

    public long RowRemaining { get; set; }

    public long? Granted { get; set; }

    public bool LowRaised { get; set; }

    /// <summary>The last top-up claimed nothing: no prefetch until a verify asks again.</summary>
    public bool Exhausted { get; set; }

    public bool Prefetching { get; set; }

    /// <summary>The claim size, fitted to how fast this node spends (about a tenth of a second of it).</summary>
    public long ClaimSize { get; set; } = ReservingCreditLedger.MinClaim;

    public long SpentSinceTopUp { get; set; }

    public long LastTopUpTicks { get; set; }

    /// <summary>Counts the ends: a top-up that finishes after its reservation ended gives back what it claimed.</summary>
    public int Epoch { get; private set; }

    /// <summary>What this node knows is left: the row as its last top-up saw it, plus what it holds.</summary>
    public long Remaining => RowRemaining + Held + Spendable;

    public bool IsLowDue => !LowRaised && Credits.IsLow(Remaining, Granted);

    /// <summary>Ended reservations not yet given back: the next database operation on the key gives them back first.</summary>
    public List<Ended> Pending { get; } = [];

    /// <summary>Under <see cref="Gate"/>: forgets the reservation, and queues what to give back for it (<see cref="Pending"/>).</summary>
    public bool End()
    {
        var ended = ReservationId is { } id ? new Ended(id, GrantedAt, Spendable) : null;
        if (ended is not null)
        {
            Pending.Add(ended);
        }

        Epoch++;
        ReservationId = null;
        PolicyGrant = null;
        Unlimited = false;
        Spendable = 0;
        Held = 0;
        RowRemaining = 0;
        Exhausted = false;
        return ended is not null;
    }

    public sealed record Ended(Guid ReservationId, DateTimeOffset GrantedAt, long Unspent);
}
