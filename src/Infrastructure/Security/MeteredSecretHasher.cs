using System.Diagnostics;
using ApiKeys.Application.Abstractions;
using ApiKeys.Infrastructure.HotPath;

namespace ApiKeys.Infrastructure.Security;

/// <summary>Counts and times every Argon2id verification, wherever it happens, for <c>/metrics</c> and the benchmark.</summary>
public sealed class MeteredSecretHasher(Argon2SecretHasher inner, KeyMetrics metrics) : ISecretHasher
{
    public string Hash(string secret) => inner.Hash(secret);

    public bool NeedsRehash(string phcHash) => inner.NeedsRehash(phcHash);

    public SecretVerification Verify(string secret, string phcHash)
    {
        var started = Stopwatch.GetTimestamp();
        var result = inner.Verify(secret, phcHash);
        metrics.Verifications.Add(1);
        metrics.VerificationDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return result;
    }
}
