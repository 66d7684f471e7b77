using ApiKeys.Api.Tests.Harness;
using ApiKeys.Infrastructure.HotPath;

namespace ApiKeys.Infrastructure.Tests.RateLimiting;

/// <summary>Issue 13: one failure budget per client across nodes (through Redis), IPv6 clients counted by /64.</summary>
public sealed class SharedFailureBudgetTests
{
    [Fact]
    public async Task FailuresOnTwoNodes_SpendOneBudget()
    {
        var redis = TestRedis.SharedOrSkip();
        await using var nodeA = await new RedisNode(redis, failureBudget: 10, failureWindowSeconds: 30).ConnectedAsync();
        await using var nodeB = await new RedisNode(redis, failureBudget: 10, failureWindowSeconds: 30).ConnectedAsync();
        var address = $"10.{Random.Shared.Next(256)}.{Random.Shared.Next(256)}.{Random.Shared.Next(1, 255)}";

        for (var i = 0; i < 5; i++)
        {
            await nodeA.Budget.RecordFailureAsync(address);
            await nodeB.Budget.RecordFailureAsync(address);
        }

        // Ten failures, five on each node: spent on both (on one node each, neither would be).
        var waitA = await nodeA.Budget.RetryAfterAsync(address);
        var waitB = await nodeB.Budget.RetryAfterAsync(address);
        waitA.Should().NotBeNull().And.BeGreaterThan(TimeSpan.FromSeconds(25)).And.BeLessThanOrEqualTo(TimeSpan.FromSeconds(30));
        waitB.Should().NotBeNull();

        // What a node learned it answers without I/O (the refusal gate), with the same end.
        nodeB.Budget.IsEmpty.Should().BeFalse();
        nodeB.Budget.RetryAfter(address).Should().NotBeNull().And.BeCloseTo(waitB!.Value, TimeSpan.FromSeconds(1));
        (await nodeA.Budget.RetryAfterAsync("10.255.255.254")).Should().BeNull("another client's budget is its own");
    }

    [Fact]
    public async Task IPv6Clients_AreCountedBy64()
    {
        await using var node = await new RedisNode(TestRedis.SharedOrSkip(), failureBudget: 4).ConnectedAsync();
        var prefix = $"2001:db8:{Random.Shared.Next(0xffff):x}:{Random.Shared.Next(0xffff):x}";
        for (var i = 1; i <= 4; i++)
        {
            // A host may pick any address in its /64: four addresses, one budget.
            await node.Budget.RecordFailureAsync($"{prefix}::{i:x}");
        }

        (await node.Budget.RetryAfterAsync($"{prefix}:ffff:ffff:ffff:ffff")).Should().NotBeNull();
        (await node.Budget.RetryAfterAsync("2001:db8:ffff:ffff::1")).Should().BeNull("another /64 is another client");
    }

    [Theory]
    [InlineData("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::", "2001:db8:1:2::/64")]
    [InlineData("::ffff:192.0.2.7", "192.0.2.7")]
    [InlineData("192.0.2.7", "192.0.2.7")]
    [InlineData("verifier:key_123", "verifier:key_123")]
    public void Partition_IsTheIPv4Address_OrTheIPv6Slash64(string address, string partition) =>
        BudgetPartition.Of(address).Should().Be(partition);
}
