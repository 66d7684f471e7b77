namespace ApiKeys.Infrastructure.CreditReservations;

/// <summary>Settings of usage governance across nodes (section <c>Governance</c>).</summary>
public sealed class GovernanceOptions
{
    public const string Section = "Governance";

    /// <summary>
    /// docs/api.md §9: the longest credits reserved by a node may sit unused elsewhere. A reservation lives half of it
    /// (then the node gives back what it holds), and any node reclaims an expired one within a quarter more. A slice
    /// of a rate limit's window claimed from Redis lives as long (or until its window ends).
    /// </summary>
    public int ReservationSeconds { get; set; } = 5;

    public TimeSpan Lifetime => TimeSpan.FromSeconds(ReservationSeconds / 2.0);

    public TimeSpan SweepInterval => TimeSpan.FromSeconds(ReservationSeconds / 4.0);
}
