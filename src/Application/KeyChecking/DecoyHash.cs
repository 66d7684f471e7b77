using ApiKeys.Application.Abstractions;

namespace ApiKeys.Application.KeyChecking;

/// <summary>
/// A hash of nothing, made once with the current parameters. An unknown prefix is verified against it, so that it
/// costs what a wrong secret costs: the two cannot be told apart by timing any more than by status or body.
/// </summary>
public sealed class DecoyHash(ISecretHasher hasher)
{
    private readonly Lazy<string> _hash = new(() => hasher.Hash("decoy-" + Guid.NewGuid().ToString("N")));

    public string Value => _hash.Value;
}
