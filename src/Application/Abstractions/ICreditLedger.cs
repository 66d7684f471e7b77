using ApiKeys.Domain.ApiKeys.Governance;
using ApiKeys.Domain.Common;

namespace ApiKeys.Application.Abstractions;

/// <summary>
/// A key's credits (design, "Usage governance across nodes"): taken out of the key's row only by conditional
/// updates that apply a due refill and never leave less than zero, in batches a node reserves ahead of use and
/// spends from memory, so credits are never overspent under any concurrency, on any number of nodes, without Redis.
/// </summary>
public interface ICreditLedger
{
    /// <summary>
    /// Takes <paramref name="cost"/> when at least <see cref="Credits.NeededFor"/> is left (a cost of 0 checks
    /// without taking). <paramref name="credits"/> are the key's credits as its cached policy knows them: when their
    /// grant changes (an owner's PATCH, a refill boundary), what this node reserved for the old grant dies.
    /// </summary>
    Task<CreditTake> TakeAsync(ApiKeyId keyId, long cost, Credits credits, CancellationToken cancellationToken);
}

/// <param name="Taken">Whether the cost was taken (or, for a cost of 0, whether any is left).</param>
/// <param name="Remaining">What is left now as this node sees it; <see langword="null"/> when the key has no credits (unlimited).</param>
public sealed record CreditTake(bool Taken, long? Remaining)
{
    /// <summary>The credits are low (<see cref="Credits.IsLow"/>) and <c>api_key.credits_low</c> is not yet known raised for their grant.</summary>
    public bool LowDue { get; init; }
}
