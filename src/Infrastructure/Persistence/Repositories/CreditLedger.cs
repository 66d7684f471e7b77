using ApiKeys.Application.Abstractions;
using ApiKeys.Domain.ApiKeys.Governance;
using ApiKeys.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ApiKeys.Infrastructure.Persistence.Repositories;

/// <summary>
/// Credits taken in the database with one conditional UPDATE (the same SQL shape on SQLite, PostgreSQL and SQL
/// Server): <c>SET remaining = (refill due ? amount : remaining) - cost WHERE id = … AND (refill due ? amount :
/// remaining) &gt;= needed</c>. The row lock of the update serializes concurrent takers and each re-evaluates the
/// condition on the row as the one before it left it, so of 200 concurrent takers of 50 credits exactly 50 match.
/// A refill is due when a UTC day (month) boundary lies after <c>CreditsRefilledAt</c>; applying it moves that
/// instant to the boundary, so it happens once per boundary whatever the number of nodes. A singleton with a
/// context of its own per take (verify is a query: nothing else of the request is saved with it).
/// </summary>
internal sealed class CreditLedger(IServiceScopeFactory scopes, TimeProvider time) : ICreditLedger
{
    public async Task<CreditTake> TakeAsync(ApiKeyId keyId, long cost, RefillInterval? refill, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cost);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var needed = Credits.NeededFor(cost);
        var taken = refill is { } interval
            ? await TakeWithRefillAsync(db, keyId, cost, needed, interval, interval.LastBoundary(time.GetUtcNow()), cancellationToken)
            : await db.ApiKeys
                .Where(k => k.Id == keyId && k.CreditsRemaining != null && k.CreditsRemaining >= needed)
                .ExecuteUpdateAsync(set => set.SetProperty(k => k.CreditsRemaining, k => k.CreditsRemaining - cost), cancellationToken);

        // What is left, for the answer only (never to decide): another taker may have taken since. Whether
        // api_key.credits_low is due rides on the same read, taken or not (a take refused at 0 still finds it due if
        // the raise at the crossing failed); the notice's unique index settles which raise commits.
        var after = await db.ApiKeys.AsNoTracking().Where(k => k.Id == keyId)
            .Select(k => new
            {
                k.CreditsRemaining,
                k.CreditsGranted,
                Raised = db.CreditNotices.Any(n => n.ApiKeyId == k.Id && n.GrantedAt == k.CreditsRefilledAt),
            })
            .FirstOrDefaultAsync(cancellationToken);
        var remaining = after?.CreditsRemaining;
        return new CreditTake(taken == 1 || remaining is null, remaining)
        {
            LowDue = after is not null && !after.Raised && Credits.IsLow(remaining, after.CreditsGranted),
        };
    }

    private static Task<int> TakeWithRefillAsync(AppDbContext db, ApiKeyId keyId, long cost, long needed, RefillInterval interval, DateTimeOffset boundary, CancellationToken cancellationToken) =>
        db.ApiKeys
            .Where(k => k.Id == keyId && k.CreditsRemaining != null
                && ((k.CreditsRefillAmount != null && k.CreditsRefillInterval == interval && k.CreditsRefilledAt < boundary ? k.CreditsRefillAmount : k.CreditsRemaining) >= needed))
            .ExecuteUpdateAsync(
                set => set
                    .SetProperty(
                        k => k.CreditsRemaining,
                        k => (k.CreditsRefillAmount != null && k.CreditsRefillInterval == interval && k.CreditsRefilledAt < boundary ? k.CreditsRefillAmount : k.CreditsRemaining) - cost)
                    .SetProperty(
                        k => k.CreditsGranted,
                        k => k.CreditsRefillAmount != null && k.CreditsRefillInterval == interval && k.CreditsRefilledAt < boundary ? k.CreditsRefillAmount : k.CreditsGranted)
                    .SetProperty(
                        k => k.CreditsRefilledAt,
                        k => k.CreditsRefillAmount != null && k.CreditsRefillInterval == interval && k.CreditsRefilledAt < boundary ? boundary : k.CreditsRefilledAt),
                cancellationToken);
}
