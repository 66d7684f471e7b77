using ApiKeys.Infrastructure.HotPath;
using Microsoft.Extensions.Options;

namespace ApiKeys.Api.Tests.HotPath;

/// <summary>Issue 15: the Argon2 pool queues by expected wait, and a refusal says how long the work ahead takes.</summary>
public sealed class VerificationPoolTests
{
    private static VerificationPool Pool(int concurrency, int maxWaitMs) => new(Options.Create(new HotPathOptions
    {
        MaxConcurrentVerifications = concurrency,
        MaxQueueWaitMilliseconds = maxWaitMs,
        InitialVerificationEstimateMilliseconds = 50,
    }));

    [Fact]
    public async Task Admits_WhileTheWorkAheadFitsTheWait_ThenRefusesWithItsDuration()
    {
        using var pool = Pool(concurrency: 2, maxWaitMs: 100);
        var ct = TestContext.Current.CancellationToken;
        var running = new[] { await pool.EnterAsync(ct), await pool.EnterAsync(ct) };
        running.Should().OnlyContain(e => e.Lease != null);

        // Two more fit: 4 verifications × 50 ms / 2 slots = 100 ms.
        var queued = new[] { pool.EnterAsync(ct).AsTask(), pool.EnterAsync(ct).AsTask() };
        queued.Should().OnlyContain(t => !t.IsCompleted, "they wait for a slot");

        var refused = await pool.EnterAsync(ct);
        refused.Lease.Should().BeNull();
        refused.RetryAfter.Should().Be(TimeSpan.FromMilliseconds(100), "the four admitted take 100 ms on two slots");

        running[0].Lease!.Dispose();
        running[1].Lease!.Dispose();
        var served = await Task.WhenAll(queued).WaitAsync(TimeSpan.FromSeconds(10), ct);
        served.Should().OnlyContain(e => e.Lease != null);
        foreach (var entry in served)
        {
            entry.Lease!.Dispose();
        }

        (await pool.EnterAsync(ct)).Lease.Should().NotBeNull("the pool is free again");
    }

    [Fact]
    public void UsesEveryCore_ByDefault() =>
        new HotPathOptions().EffectiveConcurrency.Should().Be(Environment.ProcessorCount);

    [Fact]
    public void Seed_StartsTheEstimate()
    {
        using var pool = Pool(1, 1000);
        pool.Seed(TimeSpan.FromMilliseconds(17));
        pool.MeanMilliseconds.Should().Be(17);
    }
}
