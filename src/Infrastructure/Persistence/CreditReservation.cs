using ApiKeys.Domain.Common;

namespace ApiKeys.Infrastructure.Persistence;

/// <summary>
/// Credits one node took out of a key's row ahead of use and has not yet handed to its verifies (design, "Usage
/// governance across nodes"). <see cref="Held"/> is returnable: the node moves credits from it into memory before it
/// spends them, so whatever is still here was never spent, and any node gives it back to the key once
/// <see cref="ExpiresAt"/> passed (a node that crashed cannot). It goes back only to the grant it came from
/// (<see cref="GrantedAt"/>, the key's <c>CreditsRefilledAt</c> when taken): after an owner's PATCH or a refill it
/// dies. <see cref="Version"/> settles the race between the owner and a reclaimer.
/// </summary>
public sealed class CreditReservation
{
    private CreditReservation()
    {
    }

    public Guid Id { get; private set; }

    public ApiKeyId ApiKeyId { get; private set; }

    /// <summary>The process that holds it (diagnostics only: every decision is by <see cref="Id"/>).</summary>
    public string Node { get; private set; } = "";

    public DateTimeOffset GrantedAt { get; private set; }

    public long Held { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    public int Version { get; private set; }

    public static CreditReservation Open(Guid id, ApiKeyId keyId, string node, DateTimeOffset grantedAt, DateTimeOffset expiresAt) =>
        new() { Id = id, ApiKeyId = keyId, Node = node, GrantedAt = grantedAt, ExpiresAt = expiresAt };

    /// <summary>Sets what is held now (the owner's only change), a new version so that a reclaimer that read the old one fails.</summary>
    public void Hold(long held)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(held);
        Held = held;
        Version++;
    }
}
