using System.Collections.Concurrent;
using ApiKeys.Application.Abstractions;
using ApiKeys.Domain.ApiKeys.Governance;
using ApiKeys.Domain.Common;
using Microsoft.Extensions.Logging;

namespace ApiKeys.Infrastructure.CreditReservations;

/// <summary>
/// Credits spent from memory (design, "Usage governance across nodes"; README "Credits across nodes"). A verify
/// takes from what this node already moved out of the database (<see cref="KeyReservation.Spendable"/>) under one
/// lock per key; when that runs low, one top-up (<see cref="CreditReservationStore.TopUpAsync"/>) claims more from
/// the node's reservation row, reserving a new batch from the key's row when the reservation runs dry, ahead of
/// need (a prefetch) so that a busy key's verifies do not wait. Claims follow the spend rate (about 0.1 s of it),
/// batches shrink with what is left, down to what one verify needs near zero. A reservation ends when its lifetime
/// passes, when the cached policy's grant changes (an owner's PATCH, a refill boundary) or at a graceful stop; what
/// it still holds goes back to the key when the grant is unchanged.
/// </summary>
internal sealed partial class ReservingCreditLedger(CreditReservationStore store, TimeProvider time, ILogger<ReservingCreditLedger> logger) : ICreditLedger
{
    public const long MinClaim = 8;

    public const long MaxClaim = 4096;

    /// <summary>How often one verify may top up when others keep spending what it claimed (each of them was served).</summary>
    private const int MaxTopUpsPerTake = 8;

    private readonly ConcurrentDictionary<ApiKeyId, KeyReservation> _keys = new();

    public async Task<CreditTake> TakeAsync(ApiKeyId keyId, long cost, Credits credits, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cost);
        var needed = Credits.NeededFor(cost);
        var current = credits.At(time.GetUtcNow());
        var reservation = _keys.GetOrAdd(keyId, static _ => new KeyReservation());
        if (TrySpend(keyId, reservation, cost, needed, current.RefilledAt) is { } spent)
        {
            return spent;
        }

        await reservation.Refilling.WaitAsync(cancellationToken);
        try
        {
            for (var topUps = 0; ; topUps++)
            {
                // A top-up that ran while this verify waited may have claimed enough.
                if (TrySpend(keyId, reservation, cost, needed, current.RefilledAt) is { } afterWait)
                {
                    return afterWait;
                }

                // Refused only once a top-up found nothing left. Near zero a top-up claims just what this verify
                // needs, and a verify that did not wait (its TrySpend above takes no semaphore) may spend it first:
                // then this one tops up again rather than being refused while the key still has credits.
                if ((topUps > 0 && IsExhausted(reservation)) || topUps == MaxTopUpsPerTake)
                {
                    break;
                }

                await TopUpLockedAsync(keyId, reservation, needed, current, cancellationToken);
            }
        }
        finally
        {
            reservation.Refilling.Release();
        }

        return Refused(reservation);
    }

    private static bool IsExhausted(KeyReservation reservation)
    {
        lock (reservation.Gate)
        {
            return reservation.Unlimited || reservation.Exhausted;
        }
    }

    /// <summary>Ends this node's reservations, all of them (a graceful stop) or those whose lifetime passed, and gives back what they hold.</summary>
    public async Task EndAsync(bool all, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var releases = new List<Task>();
        foreach (var (keyId, reservation) in _keys)
        {
            bool ended;
            lock (reservation.Gate)
            {
                ended = reservation.PolicyGrant is not null && (all || now >= reservation.ExpiresAt) && reservation.End();
            }

            if (ended)
            {
                releases.Add(GiveBackAsync(keyId, reservation, cancellationToken));
            }
        }

        await Task.WhenAll(releases);
    }

    private CreditTake? TrySpend(ApiKeyId keyId, KeyReservation reservation, long cost, long needed, DateTimeOffset policyGrant)
    {
        var ended = false;
        CreditTake? take = null;
        var prefetch = false;
        lock (reservation.Gate)
        {
            if (reservation.PolicyGrant is { } grant && (grant != policyGrant || time.GetUtcNow() >= reservation.ExpiresAt))
            {
                ended = reservation.End();
            }

            if (reservation.PolicyGrant is null)
            {
                // Nothing held (yet, or any more): the caller tops up.
            }
            else if (reservation.Unlimited)
            {
                take = new CreditTake(true, null);
            }
            else if (reservation.Spendable >= needed)
            {
                reservation.Spendable -= cost;
                reservation.SpentSinceTopUp += cost;
                take = new CreditTake(true, reservation.Remaining) { LowDue = reservation.IsLowDue };
                prefetch = !reservation.Exhausted && !reservation.Prefetching && reservation.Spendable * 2 < reservation.ClaimSize;
                reservation.Prefetching |= prefetch;
            }
        }

        if (ended)
        {
            _ = GiveBackAsync(keyId, reservation, CancellationToken.None);
        }

        if (prefetch)
        {
            _ = PrefetchAsync(keyId, reservation, policyGrant);
        }

        return take;
    }

    private static CreditTake Refused(KeyReservation reservation)
    {
        lock (reservation.Gate)
        {
            return reservation.Unlimited
                ? new CreditTake(true, null)
                : new CreditTake(false, reservation.Remaining) { LowDue = reservation.IsLowDue };
        }
    }

    /// <summary>Under <see cref="KeyReservation.Refilling"/>: one top-up, its result applied unless the reservation ended meanwhile.</summary>
    private async Task TopUpLockedAsync(ApiKeyId keyId, KeyReservation reservation, long needed, Credits current, CancellationToken cancellationToken)
    {
        await GiveBackLockedAsync(keyId, reservation, cancellationToken);
        long claimNeeded, want;
        Guid? reservationId;
        int epoch;
        lock (reservation.Gate)
        {
            epoch = reservation.Epoch;
            var elapsed = time.GetElapsedTime(reservation.LastTopUpTicks).TotalSeconds;
            if (reservation.PolicyGrant is not null && elapsed > 0)
            {
                reservation.ClaimSize = Math.Clamp((long)(reservation.SpentSinceTopUp / elapsed / 10), MinClaim, MaxClaim);
            }

            // Near zero a node claims no more than a sixteenth of what it knows is left (one at the end).
            var left = reservation.PolicyGrant is null ? current.Remaining : reservation.RowRemaining + reservation.Held;
            claimNeeded = Math.Max(0, needed - reservation.Spendable);
            want = Math.Max(claimNeeded, Math.Min(reservation.ClaimSize - reservation.Spendable, Math.Max(1, left / 16)));
            reservationId = reservation.ReservationId;
        }

        if (want <= 0)
        {
            return;
        }

        var topUp = await store.TopUpAsync(keyId, reservationId, Math.Max(1, claimNeeded), want, Math.Min(CreditReservationStore.MaxBatch, want * 8), cancellationToken);
        var giveBack = false;
        lock (reservation.Gate)
        {
            if (reservation.Epoch != epoch)
            {
                giveBack = true;
            }
            else
            {
                if (reservation.PolicyGrant is not null && topUp.GrantedAt != reservation.GrantedAt)
                {
                    // The database moved to a new grant before this node's policy did: what it held of the old one died.
                    reservation.Spendable = 0;
                }

                reservation.PolicyGrant = current.RefilledAt;
                reservation.Unlimited = topUp.Unlimited;
                reservation.ReservationId = topUp.ReservationId;
                reservation.GrantedAt = topUp.GrantedAt;
                reservation.ExpiresAt = topUp.ExpiresAt;
                reservation.Held = topUp.Held;
                reservation.RowRemaining = topUp.RowRemaining;
                reservation.Granted = topUp.Granted;
                reservation.LowRaised = topUp.LowRaised;
                reservation.Spendable += topUp.Claimed;
                reservation.Exhausted = topUp.Claimed == 0;
                reservation.SpentSinceTopUp = 0;
                reservation.LastTopUpTicks = time.GetTimestamp();
            }
        }

        if (giveBack && topUp.ReservationId is { } id)
        {
            await store.ReleaseAsync(keyId, id, topUp.GrantedAt, topUp.Claimed, cancellationToken);
        }
    }

    private async Task PrefetchAsync(ApiKeyId keyId, KeyReservation reservation, DateTimeOffset policyGrant)
    {
        try
        {
            await reservation.Refilling.WaitAsync();
            try
            {
                Credits? current = null;
                lock (reservation.Gate)
                {
                    if (reservation.PolicyGrant == policyGrant && !reservation.Unlimited)
                    {
                        current = new Credits(0, null, policyGrant);
                    }
                }

                if (current is not null)
                {
                    await TopUpLockedAsync(keyId, reservation, 0, current, CancellationToken.None);
                }
            }
            finally
            {
                reservation.Refilling.Release();
            }
        }
        catch (Exception exception)
        {
            // The next verify that finds too little tops up itself (and meets the failure, if it lasts).
            LogTopUpFailed(logger, keyId.ToString(), exception.GetType().Name);
        }
        finally
        {
            lock (reservation.Gate)
            {
                reservation.Prefetching = false;
            }
        }
    }

    private async Task GiveBackAsync(ApiKeyId keyId, KeyReservation reservation, CancellationToken cancellationToken)
    {
        try
        {
            await reservation.Refilling.WaitAsync(cancellationToken);
            try
            {
                await GiveBackLockedAsync(keyId, reservation, cancellationToken);
            }
            finally
            {
                reservation.Refilling.Release();
            }
        }
        catch (Exception exception)
        {
            // What the row holds comes back through a reclaimer after its expiry; the unspent in memory is lost (counted spent).
            LogReleaseFailed(logger, keyId.ToString(), exception.GetType().Name);
        }
    }

    /// <summary>
    /// Under <see cref="KeyReservation.Refilling"/>: gives back the ended reservations before anything else touches
    /// the key, so that a top-up never finds the row short of credits this node is about to return.
    /// </summary>
    private async Task GiveBackLockedAsync(ApiKeyId keyId, KeyReservation reservation, CancellationToken cancellationToken)
    {
        while (true)
        {
            KeyReservation.Ended ended;
            lock (reservation.Gate)
            {
                if (reservation.Pending.Count == 0)
                {
                    return;
                }

                ended = reservation.Pending[0];
                reservation.Pending.RemoveAt(0);
            }

            await store.ReleaseAsync(keyId, ended.ReservationId, ended.GrantedAt, ended.Unspent, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Credits of {KeyId} not reserved ahead ({Reason}); the next verify tries itself")]
    private static partial void LogTopUpFailed(ILogger logger, string keyId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Credits reserved for {KeyId} not given back ({Reason}); a reclaimer returns what the reservation holds after its expiry")]
    private static partial void LogReleaseFailed(ILogger logger, string keyId, string reason);
}
