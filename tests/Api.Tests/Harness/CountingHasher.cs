using ApiKeys.Application.Abstractions;

namespace ApiKeys.Api.Tests.Harness;

/// <summary>The real Argon2id hasher, counting its verifications; a test may hold the next one where it starts.</summary>
public sealed class CountingHasher(ISecretHasher inner) : ISecretHasher
{
    private int _verifications;
    private VerificationHold? _hold;

    public int Verifications => Volatile.Read(ref _verifications);

    /// <summary>The next verification waits, once it has started, until the hold is released.</summary>
    public VerificationHold HoldNext()
    {
        var hold = new VerificationHold();
        return Interlocked.CompareExchange(ref _hold, hold, null) is null ? hold : throw new InvalidOperationException("A hold is already set.");
    }

    public string Hash(string secret) => inner.Hash(secret);

    public bool NeedsRehash(string phcHash) => inner.NeedsRehash(phcHash);

    public SecretVerification Verify(string secret, string phcHash)
    {
        Interlocked.Increment(ref _verifications);
        if (Interlocked.Exchange(ref _hold, null) is { } hold)
        {
            hold.Reached.TrySetResult();
            hold.Released.Wait(TimeSpan.FromSeconds(30));
        }

        return inner.Verify(secret, phcHash);
    }
}

/// <summary>A verification held by <see cref="CountingHasher.HoldNext"/>: <see cref="Reached"/> when it starts, going on at <see cref="Release"/>.</summary>
public sealed class VerificationHold
{
    public TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal ManualResetEventSlim Released { get; } = new();

    public void Release() => Released.Set();
}
