using ApiKeys.Domain.ApiKeys.Governance;
using ApiKeys.Domain.Common;
using ApiKeys.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ApiKeys.Infrastructure.CreditReservations;

/// <summary>What a top-up handed to memory, and the key as the top-up left it.</summary>
/// <param name="Claimed">Credits moved from the reservation to this node's memory: counted as spent from here on.</param>
/// <param name="Unlimited">The key has no credits (any more).</param>
internal sealed record TopUp(
    bool Unlimited,
    long Claimed,
    Guid? ReservationId,
    DateTimeOffset GrantedAt,
    DateTimeOffset ExpiresAt,
    long Held,
    long RowRemaining,
    long? Granted,
    bool LowRaised);

/// <summary>
/// The database side of credit reservations (the memory side is <see cref="ReservingCreditLedger"/>). Every move of
/// credits is a conditional statement in one transaction with the reservation row it changes, so a crash at any
/// point leaves each credit in exactly one place: the key's row (spendable by anyone), a reservation's
/// <see cref="CreditReservation.Held"/> (returned after expiry), or a node's memory (counted as spent).
/// </summary>
internal sealed class CreditReservationStore(IServiceScopeFactory scopes, TimeProvider time, IOptions<GovernanceOptions> options)
{
    /// <summary>The largest batch one reservation takes from a key's row.</summary>
    public const long MaxBatch = 100_000;

    private static readonly string Node = $"{Environment.MachineName}:{Environment.ProcessId}" is var name && name.Length > 64 ? name[..64] : name;

    private sealed record KeyCredits(long? Remaining, long? RefillAmount, RefillInterval? RefillInterval, DateTimeOffset? RefilledAt, long? Granted);

    /// <summary>
    /// Moves up to <paramref name="want"/> credits (at least <paramref name="needed"/>, else none) into memory from
    /// the reservation <paramref name="reservationId"/>, reserving a batch of about <paramref name="batch"/> from the
    /// key's row first when it holds too few. A reservation of another grant, expired or reclaimed is not used.
    /// </summary>
    public async Task<TopUp> TopUpAsync(ApiKeyId keyId, Guid? reservationId, long needed, long want, long batch, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await TryTopUpAsync(keyId, attempt == 0 ? reservationId : null, needed, want, batch, cancellationToken);
            }
            catch (DbUpdateConcurrencyException) when (attempt < 3)
            {
                // A reclaimer took the expired reservation first: the transaction rolled back, start a new one.
            }
        }
    }

    private async Task<TopUp> TryTopUpAsync(ApiKeyId keyId, Guid? reservationId, long needed, long want, long batch, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = time.GetUtcNow();
        var own = reservationId is { } id ? await db.CreditReservations.FirstOrDefaultAsync(r => r.Id == id, cancellationToken) : null;
        var key = await ReadAsync(db, keyId, cancellationToken);
        if (key?.Remaining is null)
        {
            // Unlimited (or gone): nothing to reserve, and a reservation of credits the key no longer has dies.
            if (own is not null)
            {
                db.CreditReservations.Remove(own);
                await db.SaveChangesAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return new TopUp(true, 0, null, now, now + options.Value.Lifetime, 0, 0, null, false);
        }

        var held = own is not null && own.GrantedAt == key.RefilledAt && !RefillDue(key, now) && own.ExpiresAt > now ? own.Held : 0;
        if (held < want)
        {
            // Batches shrink with what is left (an eighth of it), down to what this verify needs near zero.
            for (var race = 0; race < 5 && held < want; race++)
            {
                var available = RefillDue(key, now) ? key.RefillAmount!.Value : key.Remaining!.Value;
                var take = Math.Min(available, Math.Max(want - held, Math.Min(batch, available / 8)));
                if (available + held < needed)
                {
                    take = 0;
                }

                if (take == 0 && !RefillDue(key, now))
                {
                    break;
                }

                var before = key.RefilledAt;
                var moved = await TakeFromRowAsync(db, keyId, take, key.RefillInterval, now, cancellationToken) == 1;
                key = await ReadAsync(db, keyId, cancellationToken);
                if (key?.Remaining is null)
                {
                    throw new DbUpdateConcurrencyException("The key lost its credits during a reservation.");
                }

                if (key.RefilledAt != before)
                {
                    // A refill (ours or another's) or a PATCH started a new grant: what was held for the old one died.
                    held = 0;
                }

                if (moved)
                {
                    held += take;
                    break;
                }

                if (take == 0)
                {
                    break;
                }
            }
        }

        var claimed = held >= needed ? Math.Min(want, held) : 0;
        held -= claimed;
        if (own is null || own.GrantedAt != key.RefilledAt || own.ExpiresAt <= now)
        {
            // The old reservation, if any, is left as it is: if it still holds anything, a reclaimer returns it.
            own = CreditReservation.Open(Guid.NewGuid(), keyId, Node, key.RefilledAt!.Value, now + options.Value.Lifetime);
            db.CreditReservations.Add(own);
        }

        own.Hold(held);
        await db.SaveChangesAsync(cancellationToken);
        var raised = await db.CreditNotices.AnyAsync(n => n.ApiKeyId == keyId && n.GrantedAt == own.GrantedAt, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new TopUp(false, claimed, own.Id, own.GrantedAt, own.ExpiresAt, held, key.Remaining!.Value, key.Granted, raised);
    }

    /// <summary>
    /// Ends a reservation this node holds: its <see cref="CreditReservation.Held"/> and the <paramref name="unspent"/>
    /// credits still in memory go back to the key, if the key is still on the same grant; otherwise they die.
    /// </summary>
    public async Task ReleaseAsync(ApiKeyId keyId, Guid reservationId, DateTimeOffset grantedAt, long unspent, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var returning = unspent;
        if (await db.CreditReservations.FirstOrDefaultAsync(r => r.Id == reservationId, cancellationToken) is { } own)
        {
            db.CreditReservations.Remove(own);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                returning += own.Held;
            }
            catch (DbUpdateConcurrencyException)
            {
                // A reclaimer returned what it held; what is in memory is still ours to give back.
                db.ChangeTracker.Clear();
            }
        }

        await ReturnAsync(db, keyId, grantedAt, returning, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Returns what expired reservations (of any node: a crashed one cannot) still hold. How many it ended.</summary>
    public async Task<int> ReclaimExpiredAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = time.GetUtcNow();
        var expired = await db.CreditReservations.AsNoTracking().Where(r => r.ExpiresAt <= now).OrderBy(r => r.ExpiresAt).Take(100).ToListAsync(cancellationToken);
        var ended = 0;
        foreach (var reservation in expired)
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            db.CreditReservations.Remove(reservation);
            try
            {
                // Carries the version read: the owner's top-up or release in between makes this delete match nothing.
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                continue;
            }

            await ReturnAsync(db, reservation.ApiKeyId, reservation.GrantedAt, reservation.Held, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            ended++;
        }

        return ended;
    }

    /// <summary>Gives back <paramref name="amount"/> only to the grant it was reserved from, and not once a refill of it is due.</summary>
    private async Task ReturnAsync(AppDbContext db, ApiKeyId keyId, DateTimeOffset grantedAt, long amount, CancellationToken cancellationToken)
    {
        if (amount <= 0)
        {
            return;
        }

        var now = time.GetUtcNow();
        var day = RefillInterval.Daily.LastBoundary(now);
        var month = RefillInterval.Monthly.LastBoundary(now);
        await db.ApiKeys
            .Where(k => k.Id == keyId && k.CreditsRemaining != null && k.CreditsRefilledAt == grantedAt
                && !(k.CreditsRefillAmount != null
                    && ((k.CreditsRefillInterval == RefillInterval.Daily && k.CreditsRefilledAt < day)
                        || (k.CreditsRefillInterval == RefillInterval.Monthly && k.CreditsRefilledAt < month))))
            .ExecuteUpdateAsync(set => set.SetProperty(k => k.CreditsRemaining, k => k.CreditsRemaining + amount), cancellationToken);
    }

    private static Task<KeyCredits?> ReadAsync(AppDbContext db, ApiKeyId keyId, CancellationToken cancellationToken) =>
        db.ApiKeys.AsNoTracking().Where(k => k.Id == keyId)
            .Select(k => new KeyCredits(k.CreditsRemaining, k.CreditsRefillAmount, k.CreditsRefillInterval, k.CreditsRefilledAt, k.CreditsGranted))
            .FirstOrDefaultAsync(cancellationToken);

    private static bool RefillDue(KeyCredits key, DateTimeOffset now) =>
        key is { RefillAmount: not null, RefillInterval: { } interval, RefilledAt: { } at } && interval.LastBoundary(now) > at;

    /// <summary>
    /// The one statement that takes credits out of a key's row: <c>SET remaining = (refill due ? amount : remaining)
    /// - take WHERE (refill due ? amount : remaining) &gt;= take</c>, the row lock serializing nodes and each
    /// re-evaluating the condition on the row as the one before left it. Applying a due refill moves
    /// <c>CreditsRefilledAt</c> to the boundary (a new grant), once per boundary whatever the number of nodes.
    /// </summary>
    private static Task<int> TakeFromRowAsync(AppDbContext db, ApiKeyId keyId, long take, RefillInterval? refill, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (refill is not { } interval)
        {
            return db.ApiKeys
                .Where(k => k.Id == keyId && k.CreditsRemaining != null && k.CreditsRemaining >= take)
                .ExecuteUpdateAsync(set => set.SetProperty(k => k.CreditsRemaining, k => k.CreditsRemaining - take), cancellationToken);
        }

        var boundary = interval.LastBoundary(now);
        return db.ApiKeys
            .Where(k => k.Id == keyId && k.CreditsRemaining != null
                && ((k.CreditsRefillAmount != null && k.CreditsRefillInterval == interval && k.CreditsRefilledAt < boundary ? k.CreditsRefillAmount : k.CreditsRemaining) >= take))
            .ExecuteUpdateAsync(
                set => set
                    .SetProperty(
                        k => k.CreditsRemaining,
                        k => (k.CreditsRefillAmount != null && k.CreditsRefillInterval == interval && k.CreditsRefilledAt < boundary ? k.CreditsRefillAmount : k.CreditsRemaining) - take)
                    .SetProperty(
                        k => k.CreditsGranted,
                        k => k.CreditsRefillAmount != null && k.CreditsRefillInterval == interval && k.CreditsRefilledAt < boundary ? k.CreditsRefillAmount : k.CreditsGranted)
                    .SetProperty(
                        k => k.CreditsRefilledAt,
                        k => k.CreditsRefillAmount != null && k.CreditsRefillInterval == interval && k.CreditsRefilledAt < boundary ? boundary : k.CreditsRefilledAt),
                cancellationToken);
    }
}
