using System.Net;
using ApiKeys.Api.Tests.Harness;
using ApiKeys.Api.Tests.Nodes;

namespace ApiKeys.Api.Tests.Webhooks;

/// <summary>
/// Contract §10, "nothing is lost if the process dies": the real service process is killed (SIGKILL) while a
/// delivery is in flight, started again on the same database, and the event still arrives, with the same webhook-id.
/// </summary>
public sealed class CrashDeliveryTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "apikeys-crash-" + Guid.NewGuid().ToString("N")[..8]);

    public CrashDeliveryTests() => Directory.CreateDirectory(_folder);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Left to the OS's temp cleanup.
        }
    }

    [Fact]
    public async Task KilledMidDelivery_TheRestartedServiceDeliversTheEvent()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings__Default"] = $"Data Source={Path.Combine(_folder, "apikeys.db")}",
            ["Argon2__MemoryKiB"] = "1024",
            ["Argon2__Iterations"] = "1",
            ["Webhooks__AllowInsecureHosts"] = "127.0.0.1",
            ["Webhooks__PollIntervalMilliseconds"] = "100",
            ["Webhooks__LeaseSeconds"] = "2",
            ["Webhooks__TimeoutSeconds"] = "20",
        };
        var first = await ServiceNode.StartAsync(settings);
        var (org, ownerKey) = first.Bootstrap();
        using (var owner = first.Client(ownerKey))
        {
            await receiver.SubscribeAsync(owner, org, "api_key.created");
            receiver.HoldNext(TimeSpan.FromSeconds(30));
            (await owner.PostJsonAsync($"/v1/organizations/{org}/api-keys", new { name = "made just before the crash" })).Response.StatusCode.Should().Be(HttpStatusCode.Created);
        }

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (receiver.Held.IsEmpty && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        receiver.Held.Should().ContainSingle("the delivery is in flight when the process dies");
        first.Process.Kill();
        await first.Process.WaitForExitAsync();
        await first.DisposeAsync();

        await using var second = await ServiceNode.StartAsync(settings);
        var delivered = (await receiver.WaitForAsync(1, TimeSpan.FromSeconds(30))).Should().ContainSingle("the outbox row outlived the process").Subject;
        delivered.Id.Should().Be(receiver.Held.Single(), "the same delivery, retried: a receiver deduplicates by webhook-id");
        delivered.SignatureValid.Should().BeTrue();
        delivered.Type.Should().Be("api_key.created");
    }
}
