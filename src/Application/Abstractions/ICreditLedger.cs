using ApiKeys.Domain.ApiKeys.Governance;
using ApiKeys.Domain.Common;

namespace ApiKeys.Application.Abstractions;

/// <summary>
/// A key's credits, taken where they are stored (design, "Usage governance across nodes"): one conditional update
/// that applies a due refill and takes the cost only when enough is left, so credits are never overspent under any
/// concurrency, on any number of nodes, without Redis. Never read-modify-written by a node.
/// </summary>
public interface ICreditLedger
{
    /// <summary>
    /// Takes <paramref name="cost"/> when at least <see cref="Credits.NeededFor"/> is left (a cost of 0 checks
    /// without taking), after setting the credits to the refill amount when a boundary of <paramref name="refill"/>
    /// passed since they were last set.
    /// </summary>
    Task<CreditTake> TakeAsync(ApiKeyId keyId, long cost, RefillInterval? refill, CancellationToken cancellationToken);
}

/// <param name="Taken">Whether the cost was taken (or, for a cost of 0, whether any is left).</param>
/// <param name="Remaining">What is left now; <see langword="null"/> when the key has no credits (unlimited).</param>
public sealed record CreditTake(bool Taken, long? Remaining)
{
    /// <summary>The credits are low (<see cref="Credits.IsLow"/>) and <c>api_key.credits_low</c> is not yet raised for their grant.</summary>
    public bool LowDue { get; init; }
}
